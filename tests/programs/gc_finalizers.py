import gc
gc.collect()
class D:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("  __del__", self.name)
x = D("x"); y = D("y"); x.peer = y; y.peer = x
del x, y
print("collect:", gc.collect())
print("garbage:", gc.garbage)
saved = []
class R:
    def __del__(self):
        print("  resurrecting")
        saved.append(self)
r = R(); r.self = r; del r
print("resurrecting cycle:", gc.collect(), len(saved))
print("finalized:", gc.is_finalized(saved[0]))
saved.clear()
print("after release:", gc.collect())
class Once:
    def __del__(self):
        print("  once")
o = Once(); o.me = o
del o
print(gc.collect(), gc.collect())
def gen():
    try:
        yield 1
        yield 2
    finally:
        print("  generator finally")
g = gen(); next(g)
holder = [g]; holder.append(holder)
del g, holder
print("collect with a suspended generator:", gc.collect())
