# Weak references and the cycle collector: references to unreachable objects are cleared
# before finalizers run; callbacks of reachable references are called; references that are
# garbage themselves never call back.
import gc
import sys
import weakref

gc.disable()
gc.collect()


class Node:
    def __init__(self, name):
        self.name = name
        self.peer = None

    def __repr__(self):
        return "Node(%s)" % self.name


class Finalized(Node):
    def __del__(self):
        print("__del__", self.name, "peer ref alive:", self.watch() is not None)


def report(tag):
    def cb(wr):
        print("callback", tag, "ref dead:", wr() is None)
    return cb


print("--- a two-node cycle with external weak references")
a = Node("a")
b = Node("b")
a.peer = b
b.peer = a
ra = weakref.ref(a, report("a"))
rb = weakref.ref(b, report("b"))
plain = weakref.ref(a)
del a, b
print("alive before collect:", ra() is not None, rb() is not None)
print("collected", gc.collect())
print("after:", ra(), rb(), plain())

print("--- weak references inside the garbage never call back")
c = Node("c")
c.peer = c
c.self_ref = weakref.ref(c, report("inner"))
outer = weakref.ref(c, report("outer"))
del c
print("collected", gc.collect())
print(outer())

print("--- weakrefs die before __del__ runs")
f = Finalized("f")
g = Finalized("g")
f.peer = g
g.peer = f
f.watch = weakref.ref(g)
g.watch = weakref.ref(f)
rf = weakref.ref(f, report("f"))
del f, g
print("collected", gc.collect())

print("--- a callback may free its own reference: that counts as collected")


class Holder:
    pass


holder = Holder()
d = Node("d")
d.peer = d


def forget(wr):
    print("forget: dropping the holder's reference")
    del holder.ref


holder.ref = weakref.ref(d, forget)
del d
print("collected", gc.collect())
print(hasattr(holder, "ref"))

print("--- callbacks in list order (newest first after the basic refs)")
e = Node("e")
e.peer = e
refs = [weakref.ref(e, report(i)) for i in range(4)]
basic = weakref.ref(e)
prox = weakref.proxy(e, lambda wr: print("proxy callback", type(wr).__name__))
del e
print("collected", gc.collect())

print("--- a cycle that contains the callback and its weakref")
h = Node("h")
h.peer = h


class Keeper:
    pass


keeper = Keeper()
keeper.cycle = keeper
keeper.ref = weakref.ref(h, report("keeper, itself garbage"))
del keeper
del h
print("collected", gc.collect())

print("--- resurrection by __del__ keeps the object, its weakrefs are already dead")
saved = []


class Phoenix:
    def __del__(self):
        print("Phoenix.__del__")
        saved.append(self)


p = Phoenix()
p.me = p
wp = weakref.ref(p, report("phoenix"))
del p
print("collected", gc.collect())
print("saved:", len(saved), "ref:", wp())
saved.clear()
print("collected", gc.collect())

print("--- refcount death of a big chain with weak references")
counter = [0]


def count(wr):
    counter[0] += 1


head = None
watch = []
for i in range(5000):
    n = Node(i)
    n.peer = head
    head = n
    watch.append(weakref.ref(n, count))
del n
head = None
print(counter[0], all(w() is None for w in watch))

print("--- gc sees weak references as containers of their callback")
target = Node("t")


def cb_fn(wr):
    pass


w = weakref.ref(target, cb_fn)
print(gc.is_tracked(w), gc.get_referents(w) == [cb_fn], gc.get_referents(weakref.ref(target)))
print(sys.getrefcount(cb_fn))
del w
print(sys.getrefcount(cb_fn))
print("--- end")
