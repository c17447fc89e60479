# dict_churn: build and drop dicts with str and int keys.
# Dicts grow through several resizes, are read back, then released.


def build(n, tag):
    d = {}
    for i in range(n):
        d["key" + str(i)] = i
        d[i * 7] = tag
    return d


def read_back(d, n):
    total = 0
    for i in range(n):
        total += d["key" + str(i)]
        if d[i * 7] == "odd":
            total += 1
    return total


def main():
    checksum = 0
    for round in range(2500):
        n = 200 + (round % 7) * 100
        tag = "even"
        if round % 2:
            tag = "odd"
        d = build(n, tag)
        checksum = (checksum + read_back(d, n) + len(d)) % 1000000007
        small = {"a": round, "b": n, round: tag}
        checksum += small["a"] + len(small)
        d = None
    print("dict_churn checksum", checksum)


main()
