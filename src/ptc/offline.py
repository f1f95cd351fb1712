"""The offline classroom bundle: the whole site in one zip, with a server.

A teacher with no internet in class downloads `ptc-offline.zip` from the
home page beforehand, unzips it on a laptop, and runs `python serve.py`.
It holds the built site in both languages, with Pyodide, the examples and
their zips, the embed pages and any handouts, and serve.py
(ptc.offline_serve), which serves them cross-origin isolated.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ptc import offline_serve

ZIP_NAME = "ptc-offline.zip"
ROOT_DIR = "ptc-offline"
README = """\
进程 · 线程 · 协程 —— 离线课堂包 / offline classroom bundle

1. 解压这个 zip。 / Unzip this file.
2. 在这个文件夹里运行 / In this folder, run:
       python serve.py
   (Windows: py serve.py; 需要 Python 3.10 或更新 / needs Python 3.10 or newer)
3. 打开它打印的第一行地址，例如 / Open the address it prints first, e.g.
       http://127.0.0.1:8000/
   端口被占用时 / if the port is taken:  python serve.py --port 0

不需要网络：Pyodide、示例和所有页面都在 site/ 里。
No internet needed: Pyodide, the examples and every page are in site/.

让同一网络里的学生访问 / for students on the same network:
    python serve.py --host 0.0.0.0
学生打开 http://<这台电脑的 IP>:8000/ ；他们那边“停止”会重启 Python。
Students open http://<this computer's IP>:8000/; there, Stop restarts Python.
"""


def write_bundle(site_dir: Path) -> Path:
    """Write <site>/ptc-offline.zip from the built site; its path."""
    target = site_dir / ZIP_NAME
    partial = target.with_suffix(".zip.partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        zf.write(offline_serve.__file__, f"{ROOT_DIR}/serve.py")
        zf.writestr(f"{ROOT_DIR}/README.txt", README)
        for path in sorted(site_dir.rglob("*")):
            if path.is_file() and path.name not in (ZIP_NAME, partial.name):
                relative = path.relative_to(site_dir).as_posix()
                zf.write(path, f"{ROOT_DIR}/site/{relative}")
    partial.replace(target)
    return target
