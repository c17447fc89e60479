# sys.getsizeof of sets: the inline 8-slot table, then PyMem tables of 16-byte entries.
import sys

def sizes(label, make):
    out = []
    prev = None
    for n in range(0, 140):
        z = sys.getsizeof(make(n))
        if z != prev:
            out.append("%d:%d" % (n, z))
            prev = z
    print(label, *out)

def by_add(n):
    s = set()
    for i in range(n):
        s.add(i)
    return s

sizes("add", by_add)
sizes("set(range)", lambda n: set(range(n)))
sizes("set(list)", lambda n: set(list(range(n))))
sizes("frozenset(range)", lambda n: frozenset(range(n)))
sizes("set(set)", lambda n: set(set(range(n))))
sizes("copy", lambda n: set(range(n)).copy())
sizes("set(dict)", lambda n: set(dict.fromkeys(range(n))))
sizes("union", lambda n: set().union(range(n)))
sizes("comprehension", lambda n: {i for i in range(n)})
sizes("str keys", lambda n: set("k%d" % i for i in range(n)))

print(sys.getsizeof(set()), sys.getsizeof(frozenset()), set().__sizeof__())
print(sys.getsizeof(iter(set())), sys.getsizeof(iter({1, 2})))

class Sub(set):
    pass

class FSub(frozenset):
    pass

class Slotted(set):
    __slots__ = ("a",)

print(sys.getsizeof(Sub()), sys.getsizeof(FSub()), sys.getsizeof(Slotted()))
print(sys.getsizeof(Sub(range(10))), Sub(range(10)).__sizeof__())

# Deleting leaves dummies: the table does not shrink until a resize.
s = set(range(100))
print(sys.getsizeof(s))
for i in range(95):
    s.discard(i)
print(sys.getsizeof(s), s)
s.add(1000)
print(sys.getsizeof(s), s)
s = set(range(100))
s.difference_update(range(90))
print(sys.getsizeof(s), s)
s.intersection_update([95, 96, 97])
print(sys.getsizeof(s), s)
s = set(range(100))
s -= set(range(80))
print(sys.getsizeof(s), s)
s.clear()
print(sys.getsizeof(s))

# Pops leave dummies as well; re-adding reuses them.
s = set(range(30))
for _ in range(25):
    s.pop()
print(sys.getsizeof(s), s)
for i in range(100, 125):
    s.add(i)
print(sys.getsizeof(s), list(s))

# Merging sets of different table sizes.
big = set(range(50))
small = set(range(3))
print(sys.getsizeof(big | small), sys.getsizeof(small | big), sys.getsizeof(big & small), sys.getsizeof(big - small))
print(sys.getsizeof(small ^ big), sys.getsizeof(big.symmetric_difference(small)))
