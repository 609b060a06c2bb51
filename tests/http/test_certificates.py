"""Certificates read back from the PDF: text equals the data, every QR opens the right
verification page, revoked ones say so, long names fit, organisers print only their own."""

import io
import re
import unicodedata
import uuid

import pytest
from sqlalchemy import func, select

from cli import demo
from extensions import db
from models import (
    Certificate,
    CertificateKind,
    CheckpointKind,
    Competition,
    Event,
    Frequency,
    Match,
    Person,
    Unit,
    User,
)
from services.badges import tokens
from services.certificates import issue as certificates
from services.checkin import checkpoints, devices
from services.results import recording
from tests.support.pdfs import page_texts, qr_texts, rasterize

SLUG = "hoi-thao-2024"


@pytest.fixture
def played(app):
    demo.seed_demo()
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["demo", "play", "--event", SLUG, "--seed", "5"])
    assert result.exit_code == 0, result.output
    return db.session.scalar(select(Event).where(Event.slug == SLUG))


def _flat(text: str) -> str:
    return "".join(text.split())


def test_award_certificates_text_equals_the_data_and_every_qr_opens_its_verification_page(played, make_client):
    admin, phone = make_client(), make_client()
    admin.login("admin", demo.DEMO_PASSWORD)
    response = admin.get(f"/admin/events/{SLUG}/certificates.pdf?kind=award&unit=BMT")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pdf = response.data
    certs = db.session.scalars(
        select(Certificate).where(Certificate.kind == CertificateKind.AWARD, Certificate.unit.has(code="BMT"))
    ).all()
    texts = page_texts(pdf)
    assert len(texts) == len(certs) > 0
    images = rasterize(pdf, dpi=150)
    by_serial = {c.serial: c for c in certs}
    for text, image in zip(texts, images, strict=True):
        serial = re.search(r"Số: (\S+)", text).group(1)
        cert = by_serial[serial]
        assert unicodedata.is_normalized("NFC", text)
        assert _flat(cert.holder) in _flat(text)  # the name, every diacritic exact
        assert text.count("LĐLĐ thành phố Buôn Ma Thuột") == 1  # a team's certificate names its unit once
        assert "GIẤY CHỨNG NHẬN" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert (qr_texts(image)) == [f"http://localhost/verify/{serial}"]
        page = phone.get(f"/verify/{serial}").get_data(as_text=True)
        assert "là thật và còn giá trị" in page and cert.holder in page
        assert 'id="paper-date">30/08/2024<' in page and "ngày 30 tháng 8 năm 2024" in text  # as on the paper
    assert phone.get("/verify/XXXX-XXXX-XX").status_code == 404
    typed = serial.lower().replace("-", "")  # as someone types it from the paper
    assert phone.get(f"/verify/{typed}").headers["Location"] == f"/verify/{serial}"
    assert phone.get(f"/verify?serial={typed[:4]} {typed[4:]}").headers["Location"] == f"/verify/{serial}"
    assert "Gõ số in trên giấy chứng nhận" in phone.get("/verify").get_data(as_text=True)


def test_printing_needs_the_signers_name_and_warns_without_public_url(played, make_client, tmp_path, app):
    admin = make_client()
    admin.login("admin", demo.DEMO_PASSWORD)
    certificates.style_of(played).signer_name = ""
    db.session.commit()
    page = admin.get(f"/admin/events/{SLUG}/certificates").get_data(as_text=True)
    assert 'id="signer-missing"' in page and 'id="public-url-warning"' in page and "http://localhost/" in page
    refused = admin.get(f"/admin/events/{SLUG}/certificates.pdf?kind=award", follow_redirects=True)
    assert "Chưa có họ tên người ký" in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 0  # nothing issued
    out = tmp_path / "gcn.pdf"
    cli = app.test_cli_runner().invoke(args=["print", "certificates", "--event", SLUG, "--out", str(out)])
    assert cli.exit_code != 0 and "Chưa có họ tên người ký" in cli.output and "chưa đặt PUBLIC_URL" in cli.output
    certificates.style_of(played).signer_name = "Nguyễn Văn Ký"
    app.config["PUBLIC_URL"] = "https://hoithao.example.vn"
    db.session.commit()
    assert 'id="public-url-warning"' not in admin.get(f"/admin/events/{SLUG}/certificates").get_data(as_text=True)
    cli = app.test_cli_runner().invoke(
        args=["print", "certificates", "--event", SLUG, "--kind", "award", "--out", str(out)]
    )
    assert cli.exit_code == 0 and "PUBLIC_URL" not in cli.output
    assert qr_texts(rasterize(out.read_bytes(), dpi=150, pages=1)[0])[0].startswith(
        "https://hoithao.example.vn/verify/"
    )


def test_reprinting_keeps_serials_and_a_corrected_result_revokes_the_old_winners(played, make_client):
    admin = make_client()
    admin.login("admin", demo.DEMO_PASSWORD)
    assert admin.get(f"/admin/events/{SLUG}/certificates.pdf?kind=award").status_code == 200
    first = {c.key: c.serial for c in db.session.scalars(select(Certificate))}
    assert admin.get(f"/admin/events/{SLUG}/certificates.pdf?kind=award").status_code == 200
    assert {c.key: c.serial for c in db.session.scalars(select(Certificate))} == first

    # The men's volleyball final is corrected: the other side won.
    comp = db.session.scalar(select(Competition).where(Competition.name == "Bóng chuyền hơi nam"))
    final = max(
        db.session.scalars(select(Match).where(Match.competition_id == comp.id, Match.stage == "knockout")),
        key=lambda m: m.round_no,
    )
    old_winner = final.winner_entry_id
    winners = db.session.scalars(
        select(Certificate).where(Certificate.entry_id == old_winner, Certificate.place == 1)
    ).all()
    assert winners
    tt1, tt2 = (db.session.scalar(select(User).where(User.username == u)) for u in ("trongtai1", "trongtai2"))
    flipped = [(away, home) for home, away in final.sets]
    recording.enter_result(final, tt1, recording.ResultInput(sets=flipped))
    recording.confirm_result(final, tt2)
    db.session.commit()
    for cert in winners:
        page = admin.get(f"/verify/{cert.serial}").get_data(as_text=True)
        assert "đã bị thu hồi" in page and "Kết quả đã được sửa" in page
    new_champions = db.session.scalars(
        select(Certificate).where(Certificate.entry_id == final.winner_entry_id, Certificate.place == 1)
    ).all()
    assert new_champions and all(c.revoked_at is None for c in new_champions)


def test_participation_goes_to_people_admitted_or_to_everyone_registered(played, make_client):
    admin = make_client()
    admin.login("admin", demo.DEMO_PASSWORD)
    certificates.style_of(played).participation_rule = "checked_in"  # the default (the demo prints everyone)
    db.session.commit()
    nothing = admin.get(f"/admin/events/{SLUG}/certificates.pdf?kind=participation", follow_redirects=True)
    assert "Chưa có giấy chứng nhận nào để in" in nothing.get_data(as_text=True)
    # Three people are scanned in at the gate, through the scan API as a phone would.
    gate = checkpoints.save_checkpoint(
        played, None, checkpoints.CheckpointData(name="Cổng", kind=CheckpointKind.GATE, frequency=Frequency.ONCE)
    )
    _device, bearer = devices.create_device(gate, None, name="cổng")
    people = db.session.scalars(select(Person).where(Person.event_id == played.id).limit(3)).all()
    tokens.issue_missing(played, [p.id for p in people])
    db.session.commit()
    for person in people:
        code = tokens.token_for(tokens.active_badge(person))
        scan = admin.api("post", "/api/v1/scans", bearer, json={"code": code, "client_scan_id": str(uuid.uuid4())})
        assert scan.get_json()["outcome"] == "admitted"
    pdf = admin.get(f"/admin/events/{SLUG}/certificates.pdf?kind=participation").data
    texts = page_texts(pdf)
    assert len(texts) == 3 and {_flat(p.full_name) for p in people} == {
        next(_flat(p.full_name) for p in people if _flat(p.full_name) in _flat(t)) for t in texts
    }
    style = certificates.style_of(played)
    style.participation_rule = "registered"
    db.session.commit()
    everyone = admin.get(f"/admin/events/{SLUG}/certificates.pdf?kind=participation").data
    approved = db.session.scalar(
        select(func.count())
        .select_from(Person)
        .where(Person.unit.has(Unit.code.in_(["BMT", "BHO", "BDO", "CKU", "CMG", "EHL"])))
    )
    assert len(page_texts(everyone)) == approved


def test_organisers_print_only_their_own_units_certificates(played, make_client):
    bmt, lak = make_client(), make_client()
    bmt.login("cb.bmt", demo.DEMO_PASSWORD)
    lak.login("cb.lak", demo.DEMO_PASSWORD)
    assert lak.get(f"/units/BMT/events/{SLUG}/certificates.pdf").status_code == 403
    pdf = bmt.get(f"/units/BMT/events/{SLUG}/certificates.pdf?kind=award").data
    serials = [re.search(r"Số: (\S+)", t).group(1) for t in page_texts(pdf)]
    units = {db.session.scalar(select(Certificate).where(Certificate.serial == s)).unit.code for s in serials}
    assert units == {"BMT"}


def test_cli_prints_every_certificate_and_the_style_form_checks_its_input(played, make_client, tmp_path):
    out = tmp_path / "gcn.pdf"
    runner = make_client().app.test_cli_runner()
    done = runner.invoke(
        args=[
            "print",
            "certificates",
            "--event",
            SLUG,
            "--kind",
            "award",
            "--base-url",
            "https://kq.example.vn",
            "--out",
            str(out),
        ]
    )
    assert done.exit_code == 0, done.output
    count = int(re.search(r"Đã in (\d+) giấy", done.output).group(1))
    texts = page_texts(out.read_bytes())
    assert len(texts) == count and all("https://kq.example.vn/verify/" in t for t in texts)
    admin = make_client()
    admin.login("admin", demo.DEMO_PASSWORD)
    url = f"/admin/events/{SLUG}/certificates"
    form = {
        "organisation": "LIÊN ĐOÀN LAO ĐỘNG TỈNH ĐẮK LẮK",
        "participation_title": "GIẤY CHỨNG NHẬN",
        "participation_text": "Đã tham gia {event} {oops}.",
        "award_title": "GIẤY KHEN",
        "award_text": "Đạt giải {place} {competition}.",
        "overall_text": "Đạt giải {place} toàn đoàn.",
        "signer_title": "CHỦ TỊCH",
        "participation_rule": "checked_in",
        "issued_on": "30/08/2024",
    }
    admin.get(url)
    refused = admin.post(url, form).get_data(as_text=True)
    assert "Chỉ dùng được {event}, {competition}, {place}, {unit} trong lời văn." in refused
    bad_image = admin.post(
        url, form | {"participation_text": "Đã tham gia {event}.", "background": (io.BytesIO(b"GIF89a"), "nen.gif")}
    )
    assert "Ảnh nền phải là tệp PNG hoặc JPEG." in bad_image.get_data(as_text=True)
    assert admin.post(url, form | {"participation_text": "Đã tham gia {event}."}).status_code == 302
    style = certificates.style_of(played)
    assert (style.award_title, style.issued_on.day, style.national_header) == ("GIẤY KHEN", 30, False)


def test_result_sheet_medal_table_pdf_and_excel_of_all_results(played, make_client):
    from openpyxl import load_workbook

    from services.results import board

    public, admin = make_client(), make_client()
    comp = db.session.scalar(select(Competition).where(Competition.name == "Bóng chuyền hơi nam"))
    sheet = public.get(f"/board/{SLUG}/competitions/{comp.id}/result-sheet.pdf")
    text = " ".join(" ".join(page_texts(sheet.data)).split())
    view = board.event_results(played)
    cr = view.competition(comp.id)
    assert "Biên bản kết quả" in text and "Bóng chuyền hơi nam" in text and "Trọng tài chính" in text
    champion = next(p for p in cr.places if p.place == 1)
    assert f"Nhất {view.label(champion.entry_id)}" in text
    medals = " ".join(" ".join(page_texts(public.get(f"/board/{SLUG}/medals.pdf").data)).split())
    for t in view.medal_table:
        unit = view.units[t.unit_id]
        assert f"{t.rank} {unit.code} {unit.name} {t.gold} {t.silver} {t.bronze} {t.total}" in medals
    assert "Xếp hạng toàn đoàn" in medals
    admin.login("admin", demo.DEMO_PASSWORD)
    book = load_workbook(io.BytesIO(admin.get(f"/admin/events/{SLUG}/results.xlsx").data))
    rows = list(book.active.iter_rows(values_only=True))
    assert book.active.title == "Kết quả" and rows[0][0] == "Kết quả – Hội thao CNVCLĐ tỉnh Đắk Lắk năm 2024"
    assert rows[1][:3] == ("Nội dung", "Loại", "Trận / hạng")
    played_matches = [r for r in rows[2:] if r[8] == "Đã xác nhận" and r[1] != "Thành tích"]
    assert len(played_matches) == db.session.scalar(
        select(func.count()).select_from(Match).where(Match.confirmed_at.is_not(None))
    )
    assert all(r[9] == "trongtai1" and r[10] == "trongtai2" for r in played_matches)
    assert public.get(f"/admin/events/{SLUG}/results.xlsx").status_code in (302, 403)


def test_the_medal_table_pdf_never_breaks_a_unit_code_and_prints_points_only_when_they_rank(played, make_client):
    """Issue 26, item 10: a long unit code ("CS-CAPHE…") was broken mid-word by fixed column
    widths, and toàn đoàn under the medal rule printed an empty "Điểm" column."""
    import pdfplumber

    from models import OverallRule, Unit
    from services.results import board

    view = board.event_results(played)
    winner = db.session.get(Unit, view.medal_table[0].unit_id)
    winner.code = "CS-CAPHE-BUONMATHUOT"
    db.session.commit()
    public = make_client()

    def words() -> list[str]:
        pdf = public.get(f"/board/{SLUG}/medals.pdf").data
        with pdfplumber.open(io.BytesIO(pdf)) as doc:
            return [w["text"] for page in doc.pages for w in page.extract_words()]

    printed = words()
    assert printed.count("CS-CAPHE-BUONMATHUOT") == 2  # whole, in the medal table and in toàn đoàn
    assert played.overall_rule == OverallRule.MEDALS and "Điểm" not in printed
    played.overall_rule = OverallRule.POINTS
    db.session.commit()
    assert "Điểm" in words()
