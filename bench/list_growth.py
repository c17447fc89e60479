# list_growth: grow lists by append (through every over-allocation step),
# shrink them by pop, copy and concatenate them, then drop them.


def grow(n):
    xs = []
    for i in range(n):
        xs.append(i)
    return xs


def main():
    checksum = 0
    for round in range(150):
        n = 10000 + round * 500
        xs = grow(n)
        ys = xs[:]
        zs = xs + ys
        checksum = (checksum + len(zs) + zs[n // 2] + ys[-1]) % 1000000007
        while len(xs) > n // 2:
            checksum += xs.pop() % 3
        nested = []
        for i in range(200):
            nested.append([i, i + 1, i + 2])
        checksum += len(nested) + nested[-1][2]
        xs = None
        ys = None
        zs = None
        nested = None
    print("list_growth checksum", checksum)


main()
