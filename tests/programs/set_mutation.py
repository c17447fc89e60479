# Sets whose keys run Python code: __eq__/__hash__/__del__, mutation during iteration,
# reference counts and cyclic garbage.
import gc
import sys

class Key:
    def __init__(self, n):
        self.n = n
    def __hash__(self):
        return self.n % 4
    def __eq__(self, other):
        return isinstance(other, Key) and self.n == other.n
    def __repr__(self):
        return "K%d" % self.n
    def __del__(self):
        print("del", self.n)

s = set()
for i in range(6):
    s.add(Key(i))
print(s)
print(Key(1) in s, Key(9) in s)
s.discard(Key(2))
print(s)
print("deleting")
del s
print("clearing")
s = set()
for i in (7, 5, 6):
    s.add(Key(i))
s.clear()
print("cleared", s)

# Iteration while the size changes.
s = {1, 2, 3}
try:
    for x in s:
        s.add(x + 10)
except RuntimeError as exc:
    print("RuntimeError", exc)
print(sorted(s))
s = {1, 2, 3}
it = iter(s)
print(next(it))
s.add(4)
s.discard(4)
print("same size again", next(it))
s.add(4)
try:
    next(it)
except RuntimeError as exc:
    print("RuntimeError", exc)
s.discard(4)
try:
    next(it)
except RuntimeError as exc:
    print("sticky", exc)
it = iter({5, 6})
print(list(it), list(it))

# __eq__ that mutates the set being probed: the probe starts over.
class Greedy:
    target = None
    def __init__(self, n):
        self.n = n
    def __hash__(self):
        return 1
    def __eq__(self, other):
        t = Greedy.target
        if t is not None:
            Greedy.target = None
            for i in range(100, 130):
                t.add(i)
            t.discard(105)
        return False
    def __repr__(self):
        return "G%d" % self.n

s = set()
s.add(Greedy(1))
Greedy.target = s
s.add(Greedy(2))
print(len(s), sorted(x for x in s if isinstance(x, int))[:6])
Greedy.target = s
print(Greedy(3) in s, len(s))

class Clearer:
    def __hash__(self):
        return 7
    def __eq__(self, other):
        victim.clear()
        return False

victim = set()
victim.add(Clearer())
victim.add(Clearer())
print(len(victim))

# Reference counts: one per slot, none for duplicates.
v = 123456789
s = set()
print(sys.getrefcount(v))
s.add(v)
print(sys.getrefcount(v))
s.add(v)
print(sys.getrefcount(v))
t = s.copy()
u = s | t
print(sys.getrefcount(v))
del s, t, u
print(sys.getrefcount(v))

# Sets are tracked by the collector and their cycles are collected.
print(gc.is_tracked(set()), gc.is_tracked(frozenset()), gc.is_tracked({1}))

class Node:
    def __init__(self, name):
        self.name = name
        self.peers = set()

gc.collect()
a, b = Node("a"), Node("b")
a.peers.add(b)
b.peers.add(a)
del a, b
print("collected", gc.collect())

class Holder:
    pass

h = Holder()
h.s = {h}
del h
print("collected", gc.collect())
print("end")
