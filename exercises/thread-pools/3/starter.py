"""Save records from a thread pool; the errors disappear without a trace."""

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
        for record in records:
            pool.submit(save, record)
    return len(records), []


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
