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
# # 实测：CPU 密集与 I/O 密集的扩展
#
# 工作量变大、工作者变多时，开销怎样增长？这一页测两种典型负载：
# 纯 Python 计算（CPU 密集），以及大量等待（I/O 密集，用 sleep 代替网络或磁盘调用）。
# 测量代码在 `_measure.py` 里，中英文两个笔记本共用；
# [对比与选择](../../comparison/)一页的表格引用这里的数字。

# %%
import _measure as m

LANG = "zh"  # the language of this notebook's tables and plots

data = m.load()  # the site's last results; measures now if there are none
m.setup_plots()

# %% [markdown]
# ## 测量环境 {#environment}
#
# 负载是开始测量前一刻的 1、5、15 分钟平均负载。核心数决定了进程最多能快几倍。

# %%
m.show_environment(data, LANG)

# %% [markdown]
# ## CPU 密集：线程对进程 {#cpu-bound}
#
# 同一份纯 Python 循环被平均分给 1 到 N 个工作者，分别用线程池和进程池执行
# （进程池先把所有工作进程启动好，不计入时间）。加速比 = 1 个工作者的耗时 ÷
# N 个工作者的耗时，表格里的是工作者数等于核心数时的加速比。

# %%
m.show_source(m.burn, m.cpu_time)

# %%
m.show_figures(data, ["cpu.threads.speedup", "cpu.processes.speedup"], LANG)

# %%
m.plot_cpu(data, LANG)

# %% [markdown]
# 带 GIL 的 CPython 里，同一时刻只有一个线程在执行 Python 字节码，
# 所以线程再多，加速比也停在 1 左右（切换还要额外花时间）。
# 进程各有各的解释器和 GIL，最多能快到核心数那么多倍；
# 机器上有别的负载时，进程的加速比会明显变小，波动也大。

# %% [markdown]
# ## I/O 密集：线程对 asyncio {#io-bound}
#
# 先看固定数量的等待：依次等待、用线程池并发等待、用 `asyncio.gather` 并发等待。

# %%
m.show_source(m.io_sequential, m.io_threads, m.io_gather)

# %%
m.show_figures(data, ["io.sequential", "io.threads", "io.gather"], LANG)

# %%
m.plot_io(data, LANG)

# %% [markdown]
# 等待时 CPU 是空闲的，所以并发能把总时间压到接近一次等待：线程池受线程数限制，
# 要分几批；`gather` 一次就把所有等待都挂起。
#
# 再把并发等待数从 10 增加到 10,000：每个等待用一个线程，或者一个 asyncio 任务。
# 左图是总耗时，右图是运行期间常驻内存（RSS）的峰值增长，两轴都是对数轴；
# 增长不到一页内存的点不画。

# %%
m.show_source(m.concurrent_waits)

# %%
m.plot_io_scaling(data, LANG)

# %% [markdown]
# 等待数少时两者一样快。等待数到了几千，线程的创建成本开始主导总时间，
# 每个线程的栈也要占内存；asyncio 任务便宜得多，一万个并发等待依然接近一次等待的时间。
