# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 实测：创建、交接与内存
#
# 原笔记的对比表写的是“开销大 / 中 / 小”。这一页把这些形容词换成测出来的数字：
# 创建一个执行单元要多久、两个单元之间交接一次数据要多久、每个单元占多少内存。
# [对比与选择](../../comparison/)一页的表格引用的就是这里的数字。
#
# 测量代码只有一份，在 `_measure.py` 里，中英文两个笔记本都导入它。
# 每个数字是几轮测量的中位数，括号里的范围是最低到最高。
# 这些数字只在下面列出的这台机器上成立：换一台机器，绝对值会变，
# 但数量级和先后顺序通常不变。

# %%
import _measure as m

LANG = "zh"  # the language of this notebook's tables and plots

data = m.load()  # the site's last results; measures now if there are none
m.setup_plots()

# %% [markdown]
# ## 测量环境 {#environment}
#
# 负载是开始测量前一刻的 1、5、15 分钟平均负载。
# 负载高时，时间类的数字会偏大、波动也更大。

# %%
m.show_environment(data, LANG)

# %% [markdown]
# ## 创建成本 {#creation}
#
# 每种单位都做同一件事：创建、启动、运行 `time.sleep(0)`、等它结束。
# 进程分三种启动方式：`fork` 复制当前进程；`forkserver` 先启动一个干净的服务进程，
# 再由它 fork；`spawn` 启动一个全新的解释器。子解释器（Python 3.12+）在同一个进程里
# 创建一个隔离的解释器再销毁它；本页的笔记本运行在 3.11 上，所以这一项用另一个
# 3.12+ 解释器在子进程里测，找不到时记为“无”。

# %%
m.show_source(m.create_thread, m.create_process, m.create_task)

# %%
m.show_figures(data, m.CREATION_KEYS, LANG)

# %%
m.plot_creation(data, LANG)

# %% [markdown]
# 横轴是对数轴：相邻刻度差 10 倍。asyncio 任务以微秒计，线程约为它的几十倍，
# 进程又比线程贵一到两个数量级；`spawn` 要重新启动解释器、导入模块，所以最慢。
# 这也是进程池存在的理由：进程只创建一次，反复复用。

# %% [markdown]
# ## 交接成本 {#handoff}
#
# 一方发出一个整数，另一方原样送回（乒乓）；一次交接是往返时间的一半。
# 线程之间用 `queue.SimpleQueue`，进程之间用 `multiprocessing.Pipe`，
# 任务之间用 `asyncio.Queue`。作为对照，`switch.generator` 是对一个裸生成器
# 调用一次 `send()` 再拿回结果：只切换 Python 的栈帧，没有事件循环、队列和内核。

# %%
m.show_source(m.handoff_thread, m.handoff_task, m.switch_generator)

# %%
m.show_figures(data, m.HANDOFF_KEYS, LANG)

# %%
m.plot_handoff(data, LANG)

# %% [markdown]
# 三者在同一个数量级上。经过 asyncio 事件循环的一次任务切换，并不比线程交接
# 便宜多少；协程真正省下的是内存和创建成本。线程交接的波动最大，
# 因为它取决于操作系统何时调度、GIL 何时交出。

# %% [markdown]
# ## 每个单位的内存 {#memory}
#
# RSS（常驻内存）把进程能访问的共享页也算进去；USS 只算进程独有的页，
# PSS 把共享页按共享者平摊。线程和任务的数字是：在一个新进程里启动许多个空闲的
# 线程（或任务），看内存增长多少，再除以个数。进程的数字是空闲子进程本身的内存。

# %%
m.show_source(m.idle_units)

# %%
m.show_figures(
    data,
    [
        "memory.thread.rss",
        "memory.thread.uss",
        "memory.task.rss",
        "memory.task.uss",
        "memory.process.fork.rss",
        "memory.process.fork.uss",
        "memory.process.forkserver.rss",
        "memory.process.forkserver.uss",
        "memory.process.spawn.rss",
        "memory.process.spawn.uss",
    ],
    LANG,
)

# %%
m.plot_memory(data, LANG)

# %% [markdown]
# 一个线程大约多占十几 KiB（它的栈还另外预留了 8 MiB 虚拟地址空间，但没用到的部分
# 不占物理内存），一个 asyncio 任务只有一两 KiB。比较进程时要看 USS：
# `fork` 出来的子进程和父进程共享写时复制的页，它的 RSS 很大，真正独占的却很少。
