"""The data catalogue: shipped data is valid; administrator overrides merge, and bad ones are named."""

from __future__ import annotations

from pathlib import Path

from certhelper.core.guidance import catalogue


def test_shipped_catalogue_holds_the_faq_facts() -> None:
    cat = catalogue.load(extra_dirs=[])
    cs = cat.providers["chambersign"]
    assert cs["phone"] == "0 892 230 252" and cs["email"] == "support@chambersign.fr"
    assert cs["hours"]["friday"] == [["09:00", "12:30"], ["13:30", "17:00"]]
    assert cs["hours"]["monday"] == [["09:00", "12:30"], ["13:30", "18:00"]]
    assert "0,45 €" in cs["price"]["fr"]
    assert cs["revocation_guide"] == "2019-15_guide GERER_Revoquer_un_certificat_chambersign"
    assert cat.driver("idopte").modules["linux"] == ("/usr/lib/SCMiddleware/libidop11.so",)
    assert cat.driver("hashlogic").legacy
    assert cat.find_issuer("ChamberSign France CA3 NG RGS", "ChamberSign France").assurance == "RGS**"
    assert cat.find_issuer("Global Chambersign Root", "AC Camerfirma SA") is None


def test_override_adds_an_issuer_and_corrects_a_driver_path(tmp_path: Path) -> None:
    (tmp_path / "issuers.toml").write_text(
        '[[issuer]]\nid = "autre"\nprovider = "autre"\ncn = "Autre AC"\no = "Autre"\nassurance = "RGS*"\n'
    )
    (tmp_path / "drivers.toml").write_text(
        '[[driver]]\nid = "idopte"\nname = "Idopte"\n[driver.modules]\nlinux = ["/opt/ido/libidop11.so"]\n'
    )
    cat = catalogue.load(extra_dirs=[tmp_path])
    assert cat.find_issuer("Autre AC", "Autre").assurance == "RGS*"
    assert cat.find_issuer("ChamberSign France CA3 NG RGS", "ChamberSign France") is not None  # kept
    assert cat.driver("idopte").modules["linux"] == ("/opt/ido/libidop11.so",)
    assert cat.driver("idopte").modules["windows"]  # the rest of the entry is kept
    assert cat.problems == ()


def test_broken_overrides_are_skipped_with_a_message_naming_file_and_key(tmp_path: Path) -> None:
    (tmp_path / "issuers.toml").write_text('[[issuer]]\nid = "x"\nprovider = "x"\ncn = "X"\nassurance = "RGS****"\n')
    (tmp_path / "providers.toml").write_text("[provider.chambersign\nphone = ")  # truncated TOML
    cat = catalogue.load(extra_dirs=[tmp_path])
    assert len(cat.problems) == 2
    issuers_msg = next(p for p in cat.problems if "issuers.toml" in p)
    assert "issuer[" in issuers_msg and "assurance" in issuers_msg
    assert any("providers.toml" in p and "not valid TOML" in p for p in cat.problems)
    assert cat.providers["chambersign"]["phone"] == "0 892 230 252"  # shipped data still applies


def test_override_values_of_the_wrong_type_are_named_and_skipped(tmp_path: Path) -> None:
    (tmp_path / "providers.toml").write_text(
        '[provider.chambersign]\nphone = 892230252\n[provider.chambersign.hours]\nfriday = [["09:00", "25:00"]]\n'
    )
    (tmp_path / "guides.toml").write_text('[guide.nouveau]\ntitle = { fr = "Nouveau guide" }\n')
    (tmp_path / "findings.toml").write_text("[finding.cert-expired]\naction = 3\n")
    cat = catalogue.load(extra_dirs=[tmp_path])
    messages = "\n".join(cat.problems)
    assert "providers.toml: provider.chambersign.phone" in messages
    assert "guides.toml: guide.nouveau.title: missing the en text" in messages
    assert "findings.toml: finding.cert-expired.action" in messages
    assert cat.providers["chambersign"]["phone"] == "0 892 230 252"
    assert "nouveau" not in cat.guides


def test_an_override_with_wrong_opening_hours_names_the_day(tmp_path: Path) -> None:
    (tmp_path / "providers.toml").write_text('[provider.chambersign.hours]\nfriday = [["17:00", "09:00"]]\n')
    cat = catalogue.load(extra_dirs=[tmp_path])
    assert any("provider.chambersign.hours.friday" in p for p in cat.problems)
    assert cat.providers["chambersign"]["hours"]["friday"][1] == ["13:30", "17:00"]


def test_the_parsed_files_are_cached_until_edited_and_a_damaged_cache_is_ignored(tmp_path: Path, monkeypatch) -> None:
    """The parsed TOML is cached (core.guidance.catalogue): used again, never once the file changed
    (even keeping its size and time, as a copy does), never a damaged copy."""
    import os
    import tomllib

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    overrides = tmp_path / "catalogue"
    overrides.mkdir()
    edited = overrides / "drivers.toml"
    entry = '[[driver]]\nid = "idopte"\nname = "Idopte"\n[driver.modules]\nlinux = ["{}"]\n'
    edited.write_text(entry.format("/opt/a/libidop11.so"))
    assert catalogue.load(extra_dirs=[overrides]).driver("idopte").modules["linux"] == ("/opt/a/libidop11.so",)
    with monkeypatch.context() as no_toml:

        def refused(*_: object) -> object:
            raise AssertionError("parsed again although nothing changed")

        no_toml.setattr(tomllib, "loads", refused)
        assert catalogue.load(extra_dirs=[overrides]).driver("idopte").modules["linux"] == ("/opt/a/libidop11.so",)
    before = edited.stat()
    edited.write_text(entry.format("/opt/b/libidop11.so"))  # the same size...
    os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns))  # ...and the same time
    assert catalogue.load(extra_dirs=[overrides]).driver("idopte").modules["linux"] == ("/opt/b/libidop11.so",)
    for kept in (tmp_path / "cache").rglob("*.json"):
        kept.write_text('{"stamp": ')
    cat = catalogue.load(extra_dirs=[overrides])
    assert cat.driver("idopte").modules["linux"] == ("/opt/b/libidop11.so",) and cat.problems == ()
    assert cat.find_issuer("ChamberSign France CA3 NG RGS", "ChamberSign France").assurance == "RGS**"
