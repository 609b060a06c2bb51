"""Media files are known by their content, not their names."""

from tests.http.test_media import photo


def test_sniffing_reads_the_content_not_the_name():
    from services.media import files as media_files

    assert media_files.sniff(photo("JPEG")[:32]) is media_files.JPEG
    assert media_files.sniff(photo("PNG")[:32]) is media_files.PNG
    assert media_files.sniff(photo("HEIF")[:32]) is media_files.HEIC
    assert media_files.sniff(b"\x00\x00\x00\x1cftypavif" + b"\x00" * 20) is None  # an AVIF picture is not a video
    assert media_files.sniff(b"\x00\x00\x00\x14ftypqt  " + b"\x00" * 20) is media_files.MOV
    assert media_files.sniff(b"\x1a\x45\xdf\xa3" + b"\x00" * 28) is media_files.WEBM
    assert media_files.sniff("Họ tên,Đơn vị".encode()) is None
