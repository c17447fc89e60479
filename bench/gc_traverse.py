# gc_traverse: full collections over a large live heap (nothing to free; the cost is
# visiting every tracked object).
import gc


def build(n):
    data = []
    for i in range(n):
        data.append({"id": i, "tags": [i, i + 1], "pair": (str(i), [i])})
    return data


def main():
    live = build(60000)
    total = 0
    for _ in range(15):
        total += gc.collect()
    print("gc_traverse checksum", len(live), total)


main()
