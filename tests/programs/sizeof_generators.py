import sys
def g1():
    yield 1
def g2(a, b):
    x = a + b
    for i in range(x):
        yield (i, a, b)
def g3(n):
    total = 0
    for i in range(n):
        total += yield i * 2
    return total
def g4():
    yield from g1()
def g5(d):
    for k, v in d.items():
        yield {k: [v, v * 2, (k, v)]}
def g6():
    try:
        yield 1
    finally:
        print("x")
gens = [g1(), g2(1, 2), g3(5), g4(), g5({}), g6(), (x for x in range(3)), (x * y for x in range(3) for y in range(2))]
for g in gens:
    print(sys.getsizeof(g))
g = g1(); next(g)
print(sys.getsizeof(g))
for _ in g: pass
print(sys.getsizeof(g))
