"""Numbers as people read them: English (1,234.5) or Dutch (1.234,5) separators, euros, shares.

Dutch writes the euro sign with a space and swaps the separators: ``€ 1.234,5``; English writes
``€1,234.5``. Large amounts are shortened to thousands (k) or millions (m / mln).
"""
from __future__ import annotations

import math

from matplotlib.ticker import FuncFormatter

from simulate.text.labels import check_lang

MINUS = "\u2212"  # a real minus sign: the same width as the plus sign in tables and ticks


def fmt_number(x: float, lang: str = "en", decimals: int = 0, sign: bool = False) -> str:
    """``x`` with thousands separators: 1,234.5 (en) or 1.234,5 (nl); 'n/a' for NaN."""
    check_lang(lang)
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    s = f"{abs(x):,.{decimals}f}"
    if lang == "nl":
        s = s.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    if x < 0 and float(s.replace(".", "").replace(",", "")) != 0:
        return MINUS + s
    return ("+" + s) if sign and x > 0 else s


def fmt_years(years: float) -> str:
    """20.0 -> '20', 2.5 -> '2.5'."""
    return f"{years:g}"


def fmt_plain(x: float, lang: str = "en") -> str:
    """A parameter value as written, without trailing zeros: 0.75 (en) or 0,75 (nl)."""
    s = f"{x:g}"
    return s.replace(".", ",") if check_lang(lang) == "nl" else s


def fmt_eur(x: float, lang: str = "en", decimals: int = 0, scale: str = "auto",
            sign: bool = False) -> str:
    """An amount in euros: '€ 1.234,5' (nl), '€1,234.5' (en); with ``scale`` 'k' or 'm'
    (or 'auto': millions from 1 million, thousands from 10 thousand) the amount is shortened:
    '€310k', '€ 1,4 mln'."""
    check_lang(lang)
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    if scale == "auto":
        scale = "m" if abs(x) >= 1e6 else "k" if abs(x) >= 1e4 else ""
        decimals = 1 if scale == "m" else 0 if scale == "k" else decimals
    div, suffix = {"": (1, ""), "k": (1e3, "k"), "m": (1e6, "m" if lang == "en" else " mln")}[scale]
    body = fmt_number(x / div, lang, decimals)
    neg = body.startswith(MINUS)
    body = body.lstrip(MINUS)
    euro = "€" if lang == "en" else "€ "
    prefix = MINUS if neg else ("+" if sign and x > 0 else "")
    return f"{prefix}{euro}{body}{suffix}"


def fmt_percent(share: float, lang: str = "en", decimals: int = 0) -> str:
    """A share (0.83) as a percentage: '83%' (both languages write it without a space)."""
    return fmt_number(100 * share, lang, decimals) + "%"


def axis_formatter(lang: str, divide: float = 1.0, decimals: int = 0) -> FuncFormatter:
    """Tick labels in the language's number format, values divided by ``divide``."""
    return FuncFormatter(lambda v, _pos: fmt_number(v / divide, lang, decimals))


def eur_scale(values) -> tuple[float, str]:
    """Divisor and unit key ('eur_m', 'eur_k' or 'eur') that keep tick labels short."""
    top = max((abs(float(v)) for v in values if v == v), default=0.0)
    if top >= 5e6:
        return 1e6, "eur_m"
    if top >= 5e3:
        return 1e3, "eur_k"
    return 1.0, "eur"
