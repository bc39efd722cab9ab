from simulate.cli.main import main

if __name__ == "__main__":  # not again when a spawned worker re-imports the main module
    main()
