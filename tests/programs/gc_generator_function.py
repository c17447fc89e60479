# A generator's frame holds its function (3.11's f_func): a cycle through a nested
# generator function and its generator is collected with the function included.
import gc
import sys


def outer():
    def gen():
        yield gen

    return gen()


gc.collect()
for started in (False, True):
    g = outer()
    if started:
        next(g)
    del g
    print("started" if started else "fresh", gc.collect())


def make():
    def gen(n):
        x = yield n
        yield x

    return gen


f = make()
before = sys.getrefcount(f)
it = f(1)
print(sys.getrefcount(f) - before, next(it))
del it
print(sys.getrefcount(f) - before)


class Holder:
    def __init__(self):
        self.g = self.run()

    def run(self):
        yield self


gc.collect()
h = Holder()
del h
print("holder", gc.collect())

