"""Language names in free text ('Spanish and German.') as ISO 639-1 codes, for search and filter."""

from __future__ import annotations

import re

# English names of widely spoken languages and their ISO 639-1 codes (general reference list).
NAMES = {
    "afrikaans": "af", "albanian": "sq", "amharic": "am", "arabic": "ar", "armenian": "hy",
    "bengali": "bn", "bangla": "bn", "bosnian": "bs", "bulgarian": "bg", "burmese": "my",
    "cantonese": "zh", "mandarin": "zh", "chinese": "zh", "croatian": "hr", "czech": "cs",
    "danish": "da", "dutch": "nl", "english": "en", "estonian": "et", "farsi": "fa",
    "persian": "fa", "finnish": "fi", "french": "fr", "georgian": "ka", "german": "de",
    "greek": "el", "gujarati": "gu", "haitian creole": "ht", "creole": "ht", "hausa": "ha",
    "hebrew": "he", "hindi": "hi", "hungarian": "hu", "igbo": "ig", "indonesian": "id",
    "irish": "ga", "italian": "it", "japanese": "ja", "kannada": "kn", "khmer": "km",
    "korean": "ko", "kurdish": "ku", "lao": "lo", "latvian": "lv", "lithuanian": "lt",
    "macedonian": "mk", "malay": "ms", "malayalam": "ml", "marathi": "mr", "nepali": "ne",
    "norwegian": "no", "pashto": "ps", "polish": "pl", "portuguese": "pt", "punjabi": "pa",
    "romanian": "ro", "russian": "ru", "serbian": "sr", "sinhala": "si", "slovak": "sk",
    "slovenian": "sl", "somali": "so", "spanish": "es", "swahili": "sw", "swedish": "sv",
    "tagalog": "tl", "filipino": "tl", "tamil": "ta", "telugu": "te", "thai": "th",
    "tigrinya": "ti", "turkish": "tr", "twi": "tw", "ukrainian": "uk", "urdu": "ur",
    "vietnamese": "vi", "welsh": "cy", "yiddish": "yi", "yoruba": "yo", "zulu": "zu",
    "american sign language": "ase", "british sign language": "bfi", "sign language": "sgn",
    "asl": "ase", "bsl": "bfi",
}  # fmt: skip
CODES = set(NAMES.values())


def shown(name: str) -> str:
    """A language name as people write it: 'Spanish', 'BSL'."""
    return name.upper() if len(name) <= 3 else name.title()


# Every name as people write it, for a search box's suggestions ('Spanish', 'BSL').
DISPLAY_NAMES = sorted(shown(name) for name in NAMES)


def codes_in(text: str) -> list[tuple[str, str]]:
    """(code, name) for each language named in the text, in order, without repeats."""
    low = re.sub(r"[^a-z]+", " ", text.lower())
    found: dict[str, str] = {}
    # Longest names first, so 'haitian creole' wins over 'creole'.
    for name in sorted(NAMES, key=len, reverse=True):
        match = re.search(rf"\b{name}\b", low)
        if match:
            low = low[: match.start()] + " " * len(name) + low[match.end() :]
            found.setdefault(NAMES[name], shown(name))
    return sorted(found.items(), key=lambda kv: text.lower().find(kv[1].lower()))


def code_of(name: str, code: str) -> str:
    """The code to store for an HSDS language object: its code, else one from its name."""
    code = code.strip().lower()
    if code:
        return code[:40]
    found = codes_in(name)
    return found[0][0] if found else name.strip().lower()[:40]


def name_of(code: str) -> str:
    """A language's English name for its code ('es' -> 'Spanish'), or the code itself."""
    for name, known in NAMES.items():
        if known == code:
            return shown(name)
    return code
