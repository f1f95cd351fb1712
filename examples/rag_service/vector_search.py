"""vector-search: similarity search over the site's own pages.

POST /search {"q": ..., "kb": "pages" or "glossary", "lang": "zh" or "en",
"k": 8} -> {"hits": [{"id", "page", "title", "text", "score"}, ...]}.

Each passage becomes a vector of TF-IDF weights over its tokens (words, and
one- and two-character pieces of Chinese); a question is scored against every
passage by cosine similarity. A real service would use embeddings from a
model and an index such as Faiss, PGVector or Milvus; the shape is the same.
"""

from __future__ import annotations

import json
import math
import sys
from collections import Counter

from common import (
    HERE,
    quiet_interrupts,
    serve_json,
    service_args,
    tokens,
)


def vectorise(counts: Counter, idf: dict[str, float]) -> dict[str, float]:
    weights = {
        t: (1 + math.log(n)) * idf.get(t, 0.0) for t, n in counts.items()
    }
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {t: w / norm for t, w in weights.items()}


class Index:
    def __init__(self, passages: list[dict]) -> None:
        self.passages = passages
        counts = [
            Counter(tokens(p["title"] + " " + p["text"])) for p in passages
        ]
        df = Counter(t for c in counts for t in c)
        self.idf = {t: math.log(len(passages) / n) + 1 for t, n in df.items()}
        self.vectors = [vectorise(c, self.idf) for c in counts]

    def search(self, q: str, kb: str, lang: str, k: int) -> list[dict]:
        query = vectorise(Counter(tokens(q)), self.idf)
        scored = []
        for passage, vector in zip(self.passages, self.vectors, strict=True):
            if passage["kb"] == kb and passage["lang"] == lang:
                score = sum(w * vector.get(t, 0.0) for t, w in query.items())
                if score > 0:
                    scored.append((score, passage))
        scored.sort(key=lambda pair: (-pair[0], pair[1]["id"]))
        fields = ("id", "page", "title", "text")
        return [
            {**{f: p[f] for f in fields}, "score": round(s, 4)}
            for s, p in scored[:k]
        ]


def main() -> None:
    args = service_args(sys.argv)
    quiet_interrupts()
    knowledge = json.loads(
        (HERE / "knowledge.json").read_text(encoding="utf-8")
    )
    index = Index(knowledge)

    def search(request: dict) -> dict:
        k = max(1, min(int(request.get("k", 8)), 20))
        hits = index.search(
            str(request["q"]), request["kb"], request["lang"], k
        )
        return {"hits": hits}

    serve_json("vector-search", int(args["port"]), {"/search": search})


if __name__ == "__main__":
    main()
