import sys
data = []
def gen(x):
    yield sys.getrefcount(x)
    yield sys.getrefcount(x)
g = gen(data)
print("created", sys.getrefcount(data))
print("first", next(g))
print("second", next(g))
print("module", sys.getrefcount(data))
del g
print("gen deleted", sys.getrefcount(data))
g2 = (sys.getrefcount(data) for _ in range(2))
print("genexp", list(g2))
def holder():
    local = data
    yield 1
h = holder()
print("unstarted", sys.getrefcount(data))
next(h)
print("started", sys.getrefcount(data))
h.close()
print("closed", sys.getrefcount(data))
it = iter(data)
print("list iterator", sys.getrefcount(data))
del it
print("iterator deleted", sys.getrefcount(data))
e = enumerate(data)
print("enumerate", sys.getrefcount(data))
del e
z = zip(data, data)
print("zip", sys.getrefcount(data))
del z
print("end", sys.getrefcount(data))
