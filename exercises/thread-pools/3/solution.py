"""Save records from a thread pool, and report the ones that failed."""

from concurrent.futures import ThreadPoolExecutor


def save(record):
    """Pretend to save one record; a record with no name is refused."""
    if not record.get("name"):
        raise ValueError(f"record {record['id']} has no name")


def save_all(records):
    """Save every record from a pool of 4 threads. Return (how many were
    saved, [(record id, error message) for each record that failed], in
    the order of `records`)."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = [(record, pool.submit(save, record)) for record in records]
    failed = []
    for record, future in futures:
        # A task's exception waits in its future until someone asks.
        error = future.exception()
        if error is not None:
            failed.append((record["id"], str(error)))
    return len(records) - len(failed), failed


if __name__ == "__main__":
    records = [
        {"id": 1, "name": "ada"},
        {"id": 2, "name": ""},
        {"id": 3, "name": "grace"},
    ]
    saved, failed = save_all(records)
    print("saved:", saved)
    for record_id, error in failed:
        print("failed:", record_id, error)
