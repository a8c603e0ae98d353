"""Debian's nginx with deploy/nginx.conf in front of an app port, as this user in a temp prefix:
for tests/test_nginx.py and `bench/load.py --nginx`."""

from __future__ import annotations

import getpass
import os
import shutil
import socket
import subprocess  # noqa: S404 - runs nginx
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "deploy" / "nginx.conf"


def nginx_path() -> str | None:
    """The nginx binary (Debian puts it in /usr/sbin, often not on a user's PATH), or None."""
    found = shutil.which("nginx")
    if found:
        return found
    return "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None


def write_config(prefix: Path, app_port: int, port: int) -> Path:
    """An nginx.conf for `prefix` that includes deploy/nginx.conf, listening on `port` and
    passing to the app on `app_port`, its cache under the prefix."""
    site = CONFIG.read_text()
    for old, new in (
        ("/var/cache/nginx/commonground", str(prefix / "cache")),
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};"),
        ("listen 80;", f"listen 127.0.0.1:{port};"),
    ):
        if site.count(old) != 1:
            raise ValueError(f"deploy/nginx.conf no longer says {old!r} once")
        site = site.replace(old, new)
    (prefix / "commonground.conf").write_text(site)
    temp = " ".join(
        f"{kind}_temp_path {prefix / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # Only a master started as root reads `user`; its workers then run as the same user.
    user = f"user {getpass.getuser()};\n" if os.geteuid() == 0 else ""
    main = prefix / "nginx.conf"
    main.write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {prefix / 'nginx.pid'};\n"
        f"error_log {prefix / 'error.log'};\nevents {{ worker_connections 1024; }}\n"
        f"http {{ access_log off; {temp} include {prefix / 'commonground.conf'}; }}\n"
    )
    return main


def start_nginx(prefix: Path, app_port: int, port: int) -> subprocess.Popen[bytes]:
    """nginx in front of the app (checked with `nginx -t` first); returns once it listens."""
    binary = nginx_path()
    if binary is None:
        raise FileNotFoundError("nginx is not installed (Debian: apt-get install nginx)")
    prefix.mkdir(parents=True, exist_ok=True)
    main = write_config(prefix, app_port, port)
    args = [binary, "-p", str(prefix), "-c", str(main), "-e", str(prefix / "error.log")]
    checked = subprocess.run([*args, "-t"], capture_output=True, text=True, check=False)  # noqa: S603
    if checked.returncode != 0:
        raise RuntimeError(f"nginx -t refused the configuration: {checked.stderr}")
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    if not listening(proc, port, 30):
        stop_nginx(proc)
        raise RuntimeError(f"nginx exited ({proc.returncode}) or did not start within 30 s")
    return proc


def listening(proc: subprocess.Popen[bytes], port: int, seconds: float) -> bool:
    """Wait until something listens on the loopback port; False if proc exits or time runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def stop_nginx(proc: subprocess.Popen[bytes]) -> None:
    """Stop nginx (its master ends its worker)."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
