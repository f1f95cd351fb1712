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
# # Measured: creation, hand-off and memory
#
# The original note's comparison table says "high / medium / low". This page
# replaces those adjectives with measured numbers: how long it takes to create
# a unit of execution, to hand data from one unit to another, and how much
# memory each unit takes. The table on [Comparison](../../comparison/) quotes
# the numbers from here.
#
# The measuring code exists once, in `_measure.py`; the Chinese and the
# English notebook both import it. Each number is the median of several runs,
# and the range in brackets goes from the lowest to the highest. The numbers
# hold for the machine listed below: on another machine the absolute values
# change, while the orders of magnitude and the ranking usually do not.

# %% [markdown]
# ## Environment {#environment}
#
# The load average is taken just before measuring, over 1, 5 and 15 minutes.
# Under high load, times come out larger and vary more.

# %% [markdown]
# ## Creation cost {#creation}
#
# Every kind of unit does the same thing: it is created, started, runs
# `time.sleep(0)`, and is waited for. Processes come in three start methods:
# `fork` copies the current process; `forkserver` first starts a clean server
# process and forks from it; `spawn` starts a brand-new interpreter. A
# subinterpreter (Python 3.12+) is an isolated interpreter created and
# destroyed inside the same process; the notebook runs on 3.11, so this one is
# measured by another 3.12+ interpreter in a subprocess, and shown as "n/a"
# when there is none.

# %% [markdown]
# The axis is logarithmic: each tick is ten times the previous one. An
# asyncio task costs microseconds, a thread tens of times more, and a process
# one or two orders of magnitude more than a thread; `spawn` starts a new
# interpreter and imports modules, so it is the slowest. That is why process
# pools exist: create the processes once, then reuse them.

# %% [markdown]
# ## Hand-off cost {#handoff}
#
# One side sends an integer and the other sends it straight back (ping-pong);
# one hand-off is half a round trip. Threads use `queue.SimpleQueue`,
# processes `multiprocessing.Pipe`, and tasks `asyncio.Queue`. For contrast,
# `switch.generator` is one `send()` into a bare generator and back: it
# switches Python frames only, with no event loop, no queue and no kernel.

# %% [markdown]
# All three are within the same order of magnitude. A task switch through the
# asyncio event loop is not much cheaper than a thread hand-off; what
# coroutines really save is memory and creation cost. The thread hand-off
# varies the most, because it depends on when the OS schedules a thread and
# when the GIL is released.

# %% [markdown]
# ## Memory per unit {#memory}
#
# RSS (resident set size) also counts the shared pages a process can reach;
# USS counts only the pages private to the process, and PSS shares the shared
# pages out among their users. For threads and tasks, a fresh process starts
# many idle threads (or tasks); the growth of its memory, divided by their
# number, is the figure. For processes, it is the memory of an idle child.

# %% [markdown]
# A thread adds a dozen KiB or so (its stack also reserves 8 MiB of virtual
# address space, but the untouched part takes no physical memory); an asyncio
# task takes one or two KiB. Compare processes by USS: a `fork`ed child shares
# its parent's pages copy-on-write, so its RSS is large while what it really
# owns is small.
