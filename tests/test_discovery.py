"""Finding modules: explicit choices, the catalogue's paths per OS, and p11-kit registrations."""

from __future__ import annotations

from pathlib import Path

from certhelper.core.guidance import catalogue
from certhelper.core.tokens.discovery import discover, explicit_modules, rooted

CAT = catalogue.load()


def touch(root: Path, path: str) -> Path:
    target = rooted(path, str(root))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"\x7fELF")
    return target


def test_explicit_options_win_over_the_environment() -> None:
    env = {"CERTHELPER_PKCS11_MODULE": "/a.so:/b.so"}
    assert [c.path for c in explicit_modules(["/x.so", "/x.so", "/y.so"], env)] == ["/x.so", "/y.so"]
    assert [(c.path, c.source) for c in explicit_modules(None, env)] == [
        ("/a.so", "environment"),
        ("/b.so", "environment"),
    ]
    assert explicit_modules(None, {}) == []


def test_idopte_is_found_where_the_facts_sheet_says_on_each_os(tmp_path: Path) -> None:
    places = {
        "windows": r"C:\Program Files\Smart Card Middleware\bin\idoPKCS.dll",
        "macos": "/Library/SCMiddleware/libidop11.dylib",
        "linux": "/usr/lib/SCMiddleware/libidop11.so",
    }
    for os_name, path in places.items():
        root = tmp_path / os_name
        touch(root, path)
        found = discover(CAT, sysroot=str(root), os_name=os_name)
        assert [(c.source, c.driver) for c in found] == [("catalogue:idopte", "idopte")], os_name
        assert found[0].path == str(rooted(path, str(root)))


def test_p11kit_registrations_are_read_and_the_trust_store_ignored(tmp_path: Path) -> None:
    lib = touch(tmp_path, "/usr/lib/x86_64-linux-gnu/pkcs11/vendor-pkcs11.so")
    trust = touch(tmp_path, "/usr/lib/x86_64-linux-gnu/pkcs11/p11-kit-trust.so")
    registry = tmp_path / "usr/share/p11-kit/modules"
    registry.mkdir(parents=True)
    (registry / "vendor.module").write_text("# a vendor\nmodule: vendor-pkcs11.so\n")
    (registry / "p11-kit-trust.module").write_text(f"module: {trust.name}\n")
    (tmp_path / "etc/pkcs11/modules").mkdir(parents=True)
    (tmp_path / "etc/pkcs11/modules/broken.module").write_text("critical: yes\n")  # no module line
    found = discover(CAT, sysroot=str(tmp_path), os_name="linux")
    assert [(c.path, c.source) for c in found] == [(str(lib), "p11-kit:vendor.module")]


def test_same_library_found_twice_is_listed_once(tmp_path: Path) -> None:
    touch(tmp_path, "/usr/lib/SCMiddleware/libidop11.so")
    registry = tmp_path / "etc/pkcs11/modules"
    registry.mkdir(parents=True)
    (registry / "idopte.module").write_text("module: /usr/lib/SCMiddleware/libidop11.so\n")
    found = discover(CAT, sysroot=str(tmp_path), os_name="linux")
    assert [c.source for c in found] == ["catalogue:idopte"]


def test_nothing_installed_finds_nothing(tmp_path: Path) -> None:
    assert discover(CAT, sysroot=str(tmp_path), os_name="linux") == []
