class D:
    def __init__(self, n):
        self.n = n
    def __del__(self):
        print("del", self.n)
def gen():
    d = D("gen-local")
    try:
        yield 1
        yield 2
    finally:
        print("gen finally")
g = gen()
print(next(g))
print("deleting generator")
del g
print("after")
g = gen()
print(next(g), next(g))
try:
    next(g)
except StopIteration:
    print("exhausted")
del g
print("after exhausted")
def producer():
    for i in range(3):
        yield D("item%d" % i)
for item in producer():
    print("got", item.n)
print("loop done")
del item
print("item released")
gx = (D("gx%d" % i) for i in range(2))
first = next(gx)
del gx
print("genexp gone")
del first
print("end")
