# set and frozenset basics: construction, iteration order, repr, membership, mutation.
words = ["apple", "banana", "cherry", "date", "elder", "fig", "grape", "kiwi",
         "lemon", "mango", "nectarine", "orange", "papaya", "quince", "rasp"]

print(set(), frozenset(), set([]), frozenset(""))
print(set(range(10)), frozenset(range(3)))
print(set([5, 3, 9, 1, 3, 5]), len(set([5, 3, 9, 1, 3, 5])))
print(set("abracadabra"))
print(set(words))
print(frozenset(words))
print(list(set(range(1000, 1100, 7))))
print(list(set(range(-20, 20, 3))))
print(set([10**20, 2**64, 2**64 + 1, -1, -2]))
print(set([1.5, 2.25, 3.0, 0.5]))
print(set([(1, 2), (3, 4), (1, 2)]))

# Incremental insertion: the order after each add.
s = set()
for w in words:
    s.add(w)
    print(len(s), list(s))

# Comprehension and displays.
a, b, c, d, e = "x", "y", "z", "w", "v"
print({a, b, c, d, e})
print({n * n for n in range(-6, 7)})
print({w[0] for w in words})

# Membership.
s = set(words)
print("fig" in s, "FIG" in s, 3 in s, "fig" not in s)
print({1} in {frozenset({1}), 2}, frozenset({1}) in {frozenset([1])})
print(1 in {True}, 0.0 in {0}, {1, 1.0, True}, {0, 0.0, False})

# remove / discard / pop / clear.
s = set(words)
s.remove("banana")
s.discard("cherry")
s.discard("not there")
print(s)
for w in words[::2]:
    s.discard(w)
print(s)
s.add("zebra")
s.add("apple")
print(s)
popped = []
while s:
    popped.append(s.pop())
print(popped, s)
s = set(range(12))
print([s.pop() for _ in range(4)], s)
s.add(0)
s.add(100)
print(s.pop(), s.pop(), s)
s.clear()
print(s, len(s), bool(s))

# Dummy slots are reused: the last dummy on the probe path takes the new key.
s = set()
for k in (0, 8, 16):
    s.add(k)
s.remove(0)
s.remove(16)
s.add(24)
print(list(s))

# copy and the frozenset identity rules.
s = set(words[:5])
t = s.copy()
t.add("extra")
print(s, t, s == t, type(t).__name__)
f = frozenset(words[:4])
print(f.copy() is f, frozenset(f) is f, frozenset(set(f)) is f, frozenset(f) == f)

# Errors.
def attempt(label, fn):
    try:
        print(label, fn())
    except Exception as exc:
        print(label, type(exc).__name__, exc)

attempt("remove missing", lambda: set([1]).remove(2))
attempt("remove tuple", lambda: set([1]).remove((1, 2)))
attempt("pop empty", lambda: set().pop())
attempt("unhashable add", lambda: set().add([]))
attempt("unhashable display", lambda: {[1]})
attempt("unhashable in", lambda: [] in {1})
attempt("hash set", lambda: hash({1}))
attempt("set(1)", lambda: set(1))
attempt("set(1, 2)", lambda: set([1], [2]))
attempt("set(x=)", lambda: set(x=[1]))
attempt("frozenset(1, 2)", lambda: frozenset([1], [2]))
attempt("frozenset(x=)", lambda: frozenset(x=[1]))
attempt("add()", lambda: set().add())
attempt("add(1, 2)", lambda: set().add(1, 2))
attempt("clear(1)", lambda: set().clear(1))
attempt("union(kw)", lambda: set().union(x=1))
attempt("frozenset.add", lambda: frozenset().add(1))
attempt("descriptor", lambda: set.add(frozenset(), 1))
attempt("set remove set", lambda: {frozenset({1})}.remove({1}))
attempt("set discard set", lambda: {frozenset({1})}.discard({2}))
