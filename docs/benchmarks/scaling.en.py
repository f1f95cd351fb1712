# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Measured: scaling CPU-bound and I/O-bound work
#
# How do the costs grow as the work grows and the workers multiply? This page
# measures two typical loads: pure-Python computation (CPU-bound) and many
# waits (I/O-bound, with a sleep standing in for a network or disk call). The
# measuring code is in `_measure.py`, shared by the Chinese and the English
# notebook; the table on [Comparison](../../comparison/) quotes the numbers
# from here.

# %% [markdown]
# ## Environment {#environment}
#
# The load average is taken just before measuring, over 1, 5 and 15 minutes.
# The number of cores caps how many times faster processes can get.

# %% [markdown]
# ## CPU-bound: threads against processes {#cpu-bound}
#
# The same pure-Python loop is split evenly over 1 to N workers, run once by
# a thread pool and once by a process pool (the process pool starts all its
# workers first, outside the timing). Speed-up = time with 1 worker ÷ time
# with N workers; the table shows the speed-up with as many workers as cores.

# %% [markdown]
# In CPython with the GIL, one thread at a time runs Python bytecode, so more
# threads leave the speed-up at about 1 (switching even costs a little).
# Processes each have their own interpreter and GIL, so they can get up to as
# many times faster as there are cores; when the machine has other load, the
# process speed-up drops and varies a lot.

# %% [markdown]
# ## I/O-bound: threads against asyncio {#io-bound}
#
# First a fixed number of waits: one after the other, concurrently in a
# thread pool, and concurrently with `asyncio.gather`.

# %% [markdown]
# The CPU is idle while waiting, so concurrency brings the total close to a
# single wait: the thread pool is limited by its number of threads and works
# in batches; `gather` suspends all the waits at once.
#
# Then the number of concurrent waits grows from 10 to 10,000, with one thread
# or one asyncio task per wait. The left plot shows the total time, the right
# one the peak growth of resident memory (RSS) during the run; both axes are
# logarithmic, and points below one page of memory are left out.

# %% [markdown]
# With few waits both are equally fast. At thousands of waits, creating the
# threads starts to dominate the total time, and every thread's stack takes
# memory; asyncio tasks are much cheaper, and ten thousand concurrent waits
# still take about as long as one.
