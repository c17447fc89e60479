# gc.set_debug: DEBUG_COLLECTABLE lists each unreachable object found as
# "gc: collectable <TYPE 0x...>" on stderr (the address is normalised by the
# test runner), DEBUG_SAVEALL keeps them in gc.garbage instead of freeing them,
# DEBUG_UNCOLLECTABLE reports objects with legacy finalizers (none in Python code)
# and, at shutdown, prints a non-empty gc.garbage.
import gc
import weakref

gc.disable()  # only the explicit collections below run
gc.collect()
print("flags", gc.DEBUG_STATS, gc.DEBUG_COLLECTABLE, gc.DEBUG_UNCOLLECTABLE,
      gc.DEBUG_SAVEALL, gc.DEBUG_LEAK, gc.get_debug())


class Node:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return "Node(%s)" % self.name


class Finalized:
    def __repr__(self):
        return "Finalized()"

    def __del__(self):
        print("__del__ Finalized")


def section(title, flags):
    gc.set_debug(flags)
    print("--", title, "debug =", gc.get_debug())


section("instances", gc.DEBUG_COLLECTABLE)
a = Node("a"); b = Node("b"); a.other = b; b.other = a
del a, b
print("collected", gc.collect())

section("list and dict", gc.DEBUG_COLLECTABLE)
l = [1, 2]; l.append(l)
d = {"k": 1}; d["self"] = d
del l, d
print("collected", gc.collect())

section("function with a __dict__", gc.DEBUG_COLLECTABLE)
def f():
    pass
f.me = f
del f
print("collected", gc.collect())

section("closure", gc.DEBUG_COLLECTABLE)
def make():
    def inner():
        return inner
    return inner
g = make()
del g
print("collected", gc.collect())

section("__del__ in a cycle", gc.DEBUG_COLLECTABLE)
x = Finalized(); x.me = x
del x
print("collected", gc.collect())

section("classes", gc.DEBUG_COLLECTABLE)
class Local:
    pass
Local.me = Local
del Local
print("collected", gc.collect())

class Renamed(list):
    pass
r = Renamed(); r.append(r)
Renamed.__name__ = "NewName"
print(Renamed.__name__, Renamed.__qualname__, type(r).__name__)
del r, Renamed
print("collected", gc.collect())

section("weak reference in the garbage", gc.DEBUG_COLLECTABLE)
p = Node("p"); q = Node("q"); p.ref = weakref.ref(q); q.p = p; p.q = q
del p, q
print("collected", gc.collect())

section("nothing to find", gc.DEBUG_COLLECTABLE)
print("collected", gc.collect())

section("uncollectable", gc.DEBUG_UNCOLLECTABLE | gc.DEBUG_COLLECTABLE)
a = Node("u"); a.me = a
del a
print("collected", gc.collect(), "garbage", gc.garbage)

section("saveall", gc.DEBUG_SAVEALL)
a = Node("s1"); a.me = a
l = ["s2"]; l.append(l)
del a, l
print("collected", gc.collect())
print("garbage", gc.garbage)
print("types", [type(o).__name__ for o in gc.garbage])
print("collected again", gc.collect(), len(gc.garbage))
y = Finalized(); y.me = y
del y
print("collected", gc.collect(), len(gc.garbage))
print("collected again", gc.collect(), len(gc.garbage))

section("leak", gc.DEBUG_LEAK)
d = {"leak": None}; d["leak"] = d
del d
print("collected", gc.collect())
print("garbage", gc.garbage)

section("off", 0)
gc.garbage.clear()
print("collected after clearing", gc.collect())
print("stats uncollectable", [s["uncollectable"] for s in gc.get_stats()])

# Left in gc.garbage at exit: printed on stderr at shutdown under DEBUG_UNCOLLECTABLE.
gc.set_debug(gc.DEBUG_SAVEALL)
t = ["left", "behind"]; t.append(t)
del t
print("collected", gc.collect())
gc.set_debug(gc.DEBUG_UNCOLLECTABLE)
print("end")
