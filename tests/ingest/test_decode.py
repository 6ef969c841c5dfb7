from __future__ import annotations

import codecs

import pytest

from watchfloor.ingest._decode import DecodeError, decode_text

RUSSIAN = "Министерство обороны опровергло сообщения о скрытой мобилизации резервистов."
SHORT_RUSSIAN = "Мобилизация"


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r", "utf-8", "cp866", "iso8859-5"])
@pytest.mark.parametrize("text", [RUSSIAN, SHORT_RUSSIAN])
def test_cyrillic_legacy_encodings_decode_to_the_original(encoding: str, text: str) -> None:
    assert decode_text(text.encode(encoding)) == text


def test_ukrainian_and_belarusian_letters_survive_cp1251() -> None:
    text = "Міністэрства абароны і Збройні сили України: їхні заяви"
    assert decode_text(text.encode("cp1251")) == text


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ],
)
def test_byte_order_marks_choose_the_encoding(bom: bytes, encoding: str) -> None:
    assert decode_text(bom + RUSSIAN.encode(encoding)) == RUSSIAN


def test_declared_charset_wins_over_guessing() -> None:
    text = "Café déjà vu à Minsk"
    assert decode_text(text.encode("latin-1"), declared="iso-8859-1") == text


def test_wrong_declared_charset_falls_back_to_detection() -> None:
    assert decode_text(RUSSIAN.encode("utf-8"), declared="no-such-charset") == RUSSIAN


def test_western_european_legacy_text_decodes() -> None:
    text = "Le ministère a démenti toute mobilisation à la frontière, selon l'agence."
    assert decode_text(text.encode("cp1252")) == text


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        bytes(range(256)) * 4,
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00\x01\x02\x03" * 50,
    ],
    ids=["png", "all-bytes", "zip"],
)
def test_binary_data_is_refused_as_binary(data: bytes) -> None:
    with pytest.raises(DecodeError) as caught:
        decode_text(data)
    assert caught.value.binary
