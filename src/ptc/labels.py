"""Every label the site writes in the reader's language, and how a page's
language is told.

Keys are grouped by where they appear: `example.*` (the example blocks),
`search.*`, `redirect.*`, `figure.*` (the `[[m:key]]` figures),
`notebook.*` (the bar on the notebook pages) and `run.*` (the Run buttons;
web/build.mjs bundles these into web/run_buttons.js). `{name}` marks a value
filled in where the label is used. The notebooks' own table and plot labels
are in ptc.measure (`TEXT`), because `_measure.py` downloads as one file.
"""

from __future__ import annotations

import string

LANGUAGES = ("zh", "en")
DEFAULT = "zh"

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "example.download": "下载",
        "example.output": "输出",
        "example.zip": "下载全部示例（zip）",
        "example.permalink": "本示例的永久链接",
        "example.zip.short": "全部示例（zip）",
        "offline.zip": "下载离线课堂包（zip）",
        "example.embed": "嵌入",
        "example.embed.title": "复制 iframe 代码，把这个示例嵌入课程页面或 LMS",
        "example.embed.copied": "iframe 代码已复制",
        "embed.source": "在「{site}」网站上查看这个示例",
        "code.lines": "第 {first}–{last} 行",
        "search.dialog": "搜索",
        "redirect.title": "页面已移动",
        "figure.title": "{n} 轮的中位数（括号内为最低–最高）",
        "figure.python": "，Python {python}",
        "notebook.download": "下载",
        "notebook.hint": "把这几个文件放在同一个文件夹里。需要 Python 3.10 或更新的版本，以及 psutil 和 matplotlib（pip install psutil matplotlib）。python {py} 在终端里打印表格；.ipynb 用 Jupyter 打开（还要 pip install jupyter）。有 measurements.json 时显示本站测得的数字；去掉它，就会先在你的机器上测量，大约一分钟。",
        "heading.permalink": "永久链接",
        "diagram.name": "图：{labels}",
        "diagram.separator": "、",
        "theme.dark": "深色模式",
        "theme.light": "浅色模式",
        "present.toggle": "演示模式：大字、全宽（Esc 退出）",
        "handout.link": "讲义 PDF",
        "handout.link.title": "整份笔记的 PDF 讲义，按导航顺序，适合打印",
        "handout.kind": "讲义：网站全文的 PDF 版",
        "handout.url": "网站：{url}",
        "handout.local": "本地构建的讲义：构建时没有设置网站地址（PTC_SITE_URL），所以指向网站上文件的链接只保留文字。",
        "handout.note": "示例的代码和预期输出都在讲义里；要在浏览器里运行协程示例、下载示例文件，请打开网站。",
        "handout.contents": "目录",
        "timeline.title": "时间线",
        "timeline.caption": "每个 asyncio 任务一条道，按第一次运行的先后排列。实心条：任务在运行；斜线：任务停在 await 处等待；三角：它打印的一行。这是本站的运行器在你的浏览器里记录的（单线程，所以任何时刻最多一个任务在运行）。",
        "timeline.legend_run": "运行",
        "timeline.legend_wait": "在 await 处等待",
        "timeline.legend_print": "打印一行",
        "timeline.module": "模块代码（不在任务里）",
        "timeline.group": "{name} × {n}",
        "timeline.other": "其余任务",
        "timeline.download_title": "下载这次运行的 Trace Event Format 文件，可以用 Perfetto（ui.perfetto.dev）或 chrome://tracing 打开",
        "timeline.plot": "时间线图：{lanes} 条道，共 {seconds} 秒。用左右方向键逐行查看打印。",
        "timeline.selected": "第 {n} 行「{text}」：{lane}，{ms} 毫秒",
        "timeline.runs": "运行",
        "timeline.waits": "等待：{on}",
        "timeline.prints": "打印：{text}",
        "timeline.wait_sleep": "sleep",
        "timeline.wait_queue": "队列",
        "timeline.wait_lock": "锁",
        "timeline.wait_event": "事件",
        "timeline.wait_semaphore": "信号量",
        "timeline.wait_condition": "条件变量",
        "timeline.wait_barrier": "屏障",
        "timeline.wait_tasks": "其他任务",
        "timeline.wait_wait_for": "wait_for（超时）",
        "timeline.wait_gather": "gather",
        "timeline.wait_future": "Future",
        "timeline.wait_task": "任务 {name}",
        "timeline.table": "以表格查看时间线（{n} 项）",
        "timeline.table_caption": "时间线上的每一段和每一次打印，按时间排列",
        "timeline.col_lane": "任务",
        "timeline.col_start": "开始（毫秒）",
        "timeline.col_end": "结束（毫秒）",
        "timeline.col_what": "内容",
        "timeline.rows_cut": "表格只列出前 {max} 项；下载的轨迹文件里有全部。",
        "timeline.dropped": "打印太多：时间线没有记下后面的 {n} 项。",
        "timeline.ms": "毫秒",
        "timeline.s": "秒",
        "lab.check": "检查你的答案：`python3 check.py starter.py`（需要 Python 3.10 或更新的版本；用法见 `lab/README.md`）。",
        "lab.minutes": "预计用时：{minutes} 分钟。",
        "run.run": "运行",
        "run.stop": "停止",
        "run.reset": "重置",
        "run.toolbar": "运行这段代码",
        "run.editor": "可编辑的 Python 代码。Ctrl+Enter 运行；按 Esc 再按 Tab 离开编辑器。",
        "run.output": "本次运行的输出",
        "run.loading": "正在加载浏览器里的 Python",
        "run.starting": "正在启动 Python…",
        "run.running": "运行中…",
        "run.still": "仍在运行（{seconds} 秒），可以按“停止”。",
        "run.ok": "运行完毕（{seconds} 秒）。",
        "run.error": "运行出错，见上面的 Traceback。",
        "run.stopped": "已停止。",
        "run.restarted": "已停止，浏览器里的 Python 已重新启动。",
        "run.failed": "无法加载浏览器里的 Python：{message}",
        "run.dropped": "输出太多：只显示前 {max} 行，后面还有 {n} 行没有显示。",
        "run.edited": "代码已修改，“重置”可恢复原样。",
        "run.restored": "这是你上次改过的代码（保存在这个浏览器里），“重置”可恢复原样。",
        "run.copy": "复制代码",
        "run.copied": "已复制。",
        "run.save": "下载代码",
        "link.copy.section": "复制这一节的链接",
        "link.copy.example": "复制这个示例的链接",
        "link.copied": "链接已复制",
        "run.print_edited": "改过的代码（原来的代码见网页）",
        "run.share": "分享",
        "run.share_copied": "分享链接已复制。打开链接的人会看到这段代码，按“运行”才会执行。",
        "run.share_in_address": "分享链接已放进地址栏，从那里复制。",
        "run.share_too_long": "代码太长，放不进一个链接（最多 {max} 个字符）；请用“下载代码”。",
        "trace.download": "下载轨迹",
        "trace.caption": "这是一次真实运行的录制，不是你自己的运行；换一台机器或再运行一次，细节都会不同。录制环境：{where}",
        "trace.where": "{python}（{build}），{gil}，{cores} 核，启动方式 {method}，1 分钟平均负载 {load}，示例以 nice {nice} 的优先级运行，{date}。",
        "trace.gil.on": "有 GIL",
        "trace.gil.off": "自由线程（无 GIL）",
        "trace.seconds": "{s} 秒",
        "trace.exitcode": "退出码 {code}",
        "trace.printed": "打印：{text}",
        "trace.legend.cpu": "CPU 使用（满格 = 1 个核）",
        "trace.legend.print": "打印一行",
        "trace.legend.edge": "开始、结束",
        "trace.legend.wait": "在 await 处等待",
        "trace.more": "另外 {n} 条轨道（CPU 加在一起）",
        "trace.table": "文字版：每条轨道的时间段",
        "trace.table.lane": "轨道（进程 · 线程，或任务）",
        "trace.table.start": "开始",
        "trace.table.end": "结束",
        "trace.table.cpu": "CPU 时间",
        "trace.table.printed": "打印的内容",
        "run.share_opened": "这是分享链接里的代码，还没有运行。按“运行”执行，按“重置”回到原来的代码。",
        "run.share_corrupt": "这个分享链接已损坏，读不出代码；这里显示的是原来的代码。",
        "run.share_too_long_open": "这个分享链接太长，没有读取；这里显示的是原来的代码。",
        "run.share_missing": "分享链接指向的代码块（{block}）已不在这一页上，可能改了名或删除了；页面按原样显示。",
        "run.matches": "输出与下面的预期输出一致。",
        "run.differs": "输出与下面的预期输出不同。",
        "run.expected": "预期输出",
        "run.download": "下载这个示例",
        "run.local": "请下载后在自己电脑上用 Python 运行：",
        "run.sep": "",
        "cannot.input": "浏览器里的 Python 不能用 input() 读取键盘输入。",
        "cannot.threads": "浏览器里的 Python（Pyodide）没有线程：网页中的 WebAssembly 只有一个线程可用。",
        "cannot.processes": "浏览器里的 Python（Pyodide）不能创建进程：网页不能启动操作系统进程。",
        "cannot.subprocess": "浏览器里的 Python 不能用 subprocess 启动其他程序：网页不能启动操作系统进程。",
    },
    "en": {
        "example.download": "Download",
        "example.output": "Output",
        "example.zip": "Download all examples (zip)",
        "example.permalink": "Permanent link to this example",
        "example.zip.short": "All examples (zip)",
        "offline.zip": "Download the offline classroom bundle (zip)",
        "example.embed": "Embed",
        "example.embed.title": "Copy the iframe code to embed this example in course material or an LMS",
        "example.embed.copied": "iframe code copied",
        "embed.source": "See this example on {site}",
        "code.lines": "lines {first}–{last}",
        "search.dialog": "Search",
        "redirect.title": "This page has moved",
        "figure.title": "median of {n} runs (lowest–highest in brackets)",
        "figure.python": ", Python {python}",
        "notebook.download": "Download",
        "notebook.hint": "Keep these files in one folder. They need Python 3.10 or "
        "newer, psutil and matplotlib (pip install psutil matplotlib). python {py} "
        "prints the tables in a terminal; open the .ipynb in Jupyter (pip install "
        "jupyter as well). With measurements.json they show this site's figures; "
        "without it they first measure on your machine, for about a minute.",
        "heading.permalink": "Permanent link",
        "diagram.name": "Diagram: {labels}",
        "diagram.separator": ", ",
        "theme.dark": "Dark mode",
        "theme.light": "Light mode",
        "present.toggle": "Presentation mode: large type, full width (Esc leaves)",
        "handout.link": "Handout PDF",
        "handout.link.title": "The whole note as one PDF handout, in nav order, for printing",
        "handout.kind": "Handout: the whole site as a PDF",
        "handout.url": "Website: {url}",
        "handout.local": "A handout from a local build: no site address was set (PTC_SITE_URL), so links to files on the site keep only their text.",
        "handout.note": "Every example's code and expected output are in this handout; to run the coroutine examples in your browser or download the example files, open the website.",
        "handout.contents": "Contents",
        "timeline.title": "Timeline",
        "timeline.caption": "One lane per asyncio task, in the order they first ran. Solid: the task is running; hatched: it waits at an await; a triangle: a line it printed. Recorded by the site's runner in your browser (one thread, so at most one task runs at any moment).",
        "timeline.legend_run": "running",
        "timeline.legend_wait": "waiting at an await",
        "timeline.legend_print": "printed a line",
        "timeline.module": "module code (no task)",
        "timeline.group": "{name} × {n}",
        "timeline.other": "other tasks",
        "timeline.download_title": "Download this run as a Trace Event Format file, to open in Perfetto (ui.perfetto.dev) or chrome://tracing",
        "timeline.plot": "Timeline: {lanes} lanes, {seconds} s in all. Left and right arrow keys step through the printed lines.",
        "timeline.selected": "Line {n} “{text}”: {lane}, at {ms} ms",
        "timeline.runs": "runs",
        "timeline.waits": "waits: {on}",
        "timeline.prints": "prints: {text}",
        "timeline.wait_sleep": "sleep",
        "timeline.wait_queue": "queue",
        "timeline.wait_lock": "lock",
        "timeline.wait_event": "event",
        "timeline.wait_semaphore": "semaphore",
        "timeline.wait_condition": "condition",
        "timeline.wait_barrier": "barrier",
        "timeline.wait_tasks": "other tasks",
        "timeline.wait_wait_for": "wait_for (timeout)",
        "timeline.wait_gather": "gather",
        "timeline.wait_future": "a future",
        "timeline.wait_task": "task {name}",
        "timeline.table": "The timeline as a table ({n} rows)",
        "timeline.table_caption": "Every stretch and every print on the timeline, in time order",
        "timeline.col_lane": "Task",
        "timeline.col_start": "Start (ms)",
        "timeline.col_end": "End (ms)",
        "timeline.col_what": "What",
        "timeline.rows_cut": "The table lists the first {max} rows; the downloaded trace has them all.",
        "timeline.dropped": "Too many prints: the timeline did not record the last {n}.",
        "timeline.ms": "ms",
        "timeline.s": "s",
        "lab.check": "Check your answer: `python3 check.py starter.py` (Python 3.10 or newer; see `lab/README.md`).",
        "lab.minutes": "Estimated time: {minutes} minutes.",
        "run.run": "Run",
        "run.stop": "Stop",
        "run.reset": "Reset",
        "run.toolbar": "Run this code",
        "run.editor": "Editable Python code. Ctrl+Enter runs it; press Esc, then Tab, "
        "to leave the editor.",
        "run.output": "Output of this run",
        "run.loading": "Loading Python in your browser",
        "run.starting": "Starting Python…",
        "run.running": "Running…",
        "run.still": "Still running ({seconds} s). You can press Stop.",
        "run.ok": "Finished ({seconds} s).",
        "run.error": "The code raised an exception: see the traceback above.",
        "run.stopped": "Stopped.",
        "run.restarted": "Stopped. Python in the browser was restarted.",
        "run.failed": "Could not load Python in the browser: {message}",
        "run.dropped": "Too much output: only the first {max} lines are shown; "
        "{n} more were not.",
        "run.edited": "Code changed. Reset brings back the original.",
        "run.restored": "This is the code you changed last time (kept in this browser). "
        "Reset brings back the original.",
        "run.copy": "Copy code",
        "run.copied": "Copied.",
        "run.save": "Download code",
        "link.copy.section": "Copy the link to this section",
        "link.copy.example": "Copy the link to this example",
        "link.copied": "Link copied",
        "run.print_edited": "The code as edited (the original is on the web page)",
        "run.share": "Share",
        "run.share_copied": "Share link copied. Whoever opens it sees this code; it runs only when they press Run.",
        "run.share_in_address": "The share link is in the address bar: copy it from there.",
        "run.share_too_long": "The code is too long for a link (at most {max} characters); use Download code.",
        "trace.download": "Download trace",
        "trace.caption": "This is a recording of one real run, not of your own run; another machine or another run gives other details. Recorded with {where}",
        "trace.where": "{python} ({build}), {gil}, {cores} cores, start method {method}, 1-minute load average {load}, the example at priority nice {nice}, {date}.",
        "trace.gil.on": "with the GIL",
        "trace.gil.off": "free-threaded (no GIL)",
        "trace.seconds": "{s} s",
        "trace.exitcode": "exit code {code}",
        "trace.printed": "printed: {text}",
        "trace.legend.cpu": "CPU use (full height = 1 core)",
        "trace.legend.print": "a printed line",
        "trace.legend.edge": "start, end",
        "trace.legend.wait": "waiting at an await",
        "trace.more": "{n} more lanes (their CPU added up)",
        "trace.table": "Text version: each lane's span",
        "trace.table.lane": "Lane (process · thread, or task)",
        "trace.table.start": "Start",
        "trace.table.end": "End",
        "trace.table.cpu": "CPU time",
        "trace.table.printed": "Printed",
        "run.share_opened": "This is the code from a share link; it has not run. Press Run to run it, or Reset to go back to the original.",
        "run.share_corrupt": "This share link is damaged and its code cannot be read; the original code is shown.",
        "run.share_too_long_open": "This share link is too long and was not read; the original code is shown.",
        "run.share_missing": "The share link points to a code block ({block}) that is no longer on this page: it was renamed or removed. The page is shown as it is.",
        "run.matches": "The output matches the expected output below.",
        "run.differs": "The output differs from the expected output below.",
        "run.expected": "Expected output",
        "run.download": "Download this example",
        "run.local": "Download it and run it with Python on your computer:",
        "run.sep": " ",
        "cannot.input": "Python in the browser cannot read the keyboard with input().",
        "cannot.threads": "Python in the browser (Pyodide) has no threads: "
        "WebAssembly on a web page gets one thread.",
        "cannot.processes": "Python in the browser (Pyodide) cannot create processes: "
        "a web page cannot start OS processes.",
        "cannot.subprocess": "Python in the browser cannot start other programs with "
        "subprocess: a web page cannot start OS processes.",
    },
}


def label(lang: str, key: str, **values: object) -> str:
    """The label `key` in `lang` (English for an unknown language), filled in."""
    text = LABELS.get(lang, LABELS["en"])[key]
    return text.format(**values) if values else text


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def group(prefix: str) -> dict[str, dict[str, str]]:
    """The labels under `prefix.` in every language, keys without the prefix."""
    return {
        lang: {
            key.removeprefix(prefix + "."): text
            for key, text in table.items()
            if key.startswith(prefix + ".")
        }
        for lang, table in LABELS.items()
    }


def source_language(name: str) -> str:
    """The language of a source file by its suffix, as mkdocs-static-i18n's
    suffix layout reads it: `threads.en.md` is en, `threads.md` zh."""
    parts = name.split(".")
    return parts[-2] if len(parts) > 2 and parts[-2] in LANGUAGES else DEFAULT


def page_language(page, config) -> str:
    """The page's language: mkdocs-static-i18n sets `page.file.locale`;
    without it (404.html, or a build without i18n) the theme's language."""
    locale = getattr(getattr(page, "file", None), "locale", None)
    return locale or config["theme"]["language"] or DEFAULT
