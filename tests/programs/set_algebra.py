# Set algebra: operators, methods, comparisons, frozenset hashing.
a = set(range(0, 20, 2))
b = set(range(0, 20, 3))
print(a | b, a & b, a - b, b - a, a ^ b)
print(a.union(b), a.intersection(b), a.difference(b), a.symmetric_difference(b))
print(a.union(), a.union([100], (101,), "ab"), a.intersection(range(10), [0, 2, 99]))
print(a.difference(range(5), [10, 12]), a.difference(), a.symmetric_difference([1, 2, 3]))
print(a.issubset(range(100)), a.issubset(b), a.issuperset([2, 4]), a.issuperset(b))
print(a.isdisjoint(b), a.isdisjoint([1, 3, 5]), a.isdisjoint(set()), set().isdisjoint(set()))

fa, fb = frozenset(a), frozenset(b)
for x, y in ((a, fb), (fa, b), (fa, fb)):
    print(type(x | y).__name__, type(x & y).__name__, type(x - y).__name__, type(x ^ y).__name__)
print(fa | fb, fa.union([7]), fa.intersection(b))

# Comparisons: subset ordering and equality across set/frozenset.
s1, s2, s3 = {1, 2}, {1, 2, 3}, {4}
print(s1 < s2, s1 <= s2, s2 > s1, s2 >= s1, s1 < s1, s1 <= s1, s1 > s3, s1 == s3)
print(s1 == frozenset({1, 2}), frozenset({1, 2}) == s1, s1 != {2, 1}, set() == frozenset())
print(s1 == [1, 2], s1 != (1, 2))
try:
    s1 < [1, 2, 3]
except TypeError as exc:
    print("TypeError", exc)

# In-place operators keep identity on sets, rebind on frozensets.
x = set(range(10))
alias = x
x |= {20, 21}
x &= set(range(5, 25))
x -= {6, 7}
x ^= {5, 30}
print(x, alias is x)
f = frozenset({1, 2})
g = f
f |= {3}
f -= {1}
print(f, g, f is g)
x.update([40, 41], {42}, {43: 0}, "s")
print(x)
x.intersection_update(range(40, 50), [41, 42, 43, 44])
print(x)
x.difference_update([41], {42})
print(x)
x.symmetric_difference_update({43: 1, 50: 2})
print(x)
x.symmetric_difference_update(x)
print(x)
y = {1, 2}
y |= y
y &= y
print(y)
y -= y
print(y)

# Operators need both operands to be sets.
def attempt(label, fn):
    try:
        print(label, fn())
    except Exception as exc:
        print(label, type(exc).__name__, exc)

def ior():
    z = {1}
    z |= [2]
    return z

attempt("set | list", lambda: {1} | [2])
attempt("list & set", lambda: [1] & {1})
attempt("set + set", lambda: {1} + {2})
attempt("set |= list", ior)
attempt("symmetric_difference()", lambda: {1}.symmetric_difference())
attempt("issubset(1)", lambda: {1}.issubset(1))
attempt("issubset unhashable", lambda: {1}.issubset([1, []]))
attempt("issuperset early", lambda: {1}.issuperset([2, []]))
attempt("isdisjoint early", lambda: {1}.isdisjoint([1, []]))
attempt("intersection stops", lambda: {1}.intersection([1, []]))
attempt("difference unhashable", lambda: {1}.difference([[]]))
print({1, 2}.__or__([1]), {1, 2}.__ior__([1]), {1}.__contains__(1))

# frozenset hashes (independent of insertion order and history).
print(hash(frozenset()), hash(frozenset({1, 2, 3})), hash(frozenset(range(100))))
print(hash(frozenset(["a", "b", "c"])), hash(frozenset(["c", "b", "a"])))
print(hash(frozenset([frozenset([1]), frozenset([2]), 3])))
t = set(range(10))
t.discard(3)
t.discard(7)
print(hash(frozenset(t)), hash(frozenset(sorted(t))))
d = {frozenset([1, 2]): "one-two", frozenset(): "empty"}
print(d[frozenset([2, 1])], d[frozenset()], len({frozenset([1]), frozenset([1])}))

# Subclasses.
class Tagged(set):
    def __init__(self, items=(), tag="?"):
        super().__init__(items)
        self.tag = tag

class Frozen(frozenset):
    pass

t = Tagged([3, 1, 2], tag="t")
print(t, t.tag, len(t), 2 in t, repr(Tagged()))
t |= {4}
print(t, type(t).__name__, type(t | {5}).__name__, type({5} | t).__name__, type(t.copy()).__name__)
fz = Frozen("abc")
print(len(fz), type(fz.copy()).__name__, type(fz | {"d"}).__name__, repr(Frozen()))
print(fz == frozenset("cab"), hash(fz) == hash(frozenset("abc")))
print(sorted(Frozen(fz)), frozenset(fz) == fz)
