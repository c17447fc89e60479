import collections
from collections import namedtuple, deque, defaultdict, Counter, OrderedDict

# namedtuple
P = namedtuple("P", "x y")
p = P(1, 2)
print(p, p.x, p.y, p[0], len(p), tuple(p), p == (1, 2))
print(P._fields, p._asdict(), p._replace(y=5), P._make([3, 4]))
print(P(y=7, x=8), type(p), type(p).__name__, isinstance(p, tuple))
x, y = p
print(x + y, hash(p) == hash((1, 2)), P.__doc__, P.x.__doc__)
Q = namedtuple("Q", ["a", "b", "c"], defaults=[10, 20])
print(Q(1), Q(1, 2), Q(1, 2, 3), Q._field_defaults)
R = namedtuple("R", "a, def, a, _b", rename=True)
print(R._fields, R(1, 2, 3, 4))
S = namedtuple("S", "only")
print(S(5), S._fields)
E = namedtuple("E", "")
print(E(), E._fields)
for bad in [("T", "a a"), ("T", "_a"), ("T", "class"), ("1T", "a"), ("T", "a-b")]:
    try:
        namedtuple(*bad)
    except ValueError as e:
        print("ValueError:", e)
try:
    P(1)
except TypeError as e:
    print("TypeError:", e)
try:
    P._make([1])
except TypeError as e:
    print("TypeError:", e)
try:
    p._replace(z=1)
except ValueError as e:
    print("ValueError:", e)
try:
    p.x = 5
except AttributeError as e:
    print("AttributeError")

class Pt(namedtuple("Pt", "x y")):
    __slots__ = ()
    def norm(self):
        return abs(self.x) + abs(self.y)
print(Pt(3, -4).norm(), Pt(1, 2), sorted([P(2, 1), P(1, 5), P(1, 2)]))
M = namedtuple("M", "a b", module="mymod")
print(M.__module__, P.__module__)

# defaultdict
d = defaultdict(list)
d["a"].append(1)
d["a"].append(2)
d["b"].append(3)
print(d, d["a"], len(d), "c" in d, d.default_factory)
print(repr(defaultdict(int)), defaultdict(None, {1: 2}))
try:
    defaultdict(None)["k"]
except KeyError as e:
    print("KeyError:", e)
try:
    defaultdict(5)
except TypeError as e:
    print("TypeError:", e)
words = "the cat the dog the end".split()
counts = defaultdict(int)
for w in words:
    counts[w] += 1
print(counts, dict(counts), counts.get("zzz"), "zzz" in counts)
dc = counts.copy()
print(type(dc).__name__, dc == counts, dc.default_factory)
nested = defaultdict(lambda: defaultdict(int))
nested["x"]["y"] += 1
print(nested["x"]["y"], isinstance(d, dict), type(d))
print(defaultdict(int, a=1) | {"b": 2})

# OrderedDict
od = OrderedDict()
od["b"] = 1
od["a"] = 2
od["c"] = 3
print(od, list(od), list(od.keys()), list(od.values()))
od.move_to_end("b")
print(od)
od.move_to_end("c", last=False)
print(od)
print(od.popitem(), od.popitem(last=False), od)
print(OrderedDict(a=1, b=2) == OrderedDict(b=2, a=1), OrderedDict(a=1, b=2) == {"b": 2, "a": 1})
print(OrderedDict([(1, 2), (3, 4)]), OrderedDict(), OrderedDict.fromkeys("ab", 0))
try:
    OrderedDict().popitem()
except KeyError as e:
    print("KeyError:", e)
try:
    od.move_to_end("zz")
except KeyError as e:
    print("KeyError:", e)
print(od.pop("a"), od.pop("zz", None), od.setdefault("q", 9), od)

# Counter
c = Counter("abracadabra")
print(c, c["a"], c["z"], len(c))
print(c.most_common(2), c.most_common(), sorted(c.elements()))
c.update("aaz")
print(c)
c.subtract({"a": 10, "q": 1})
print(c)
print(Counter(a=3, b=1) + Counter(a=1, b=2), Counter(a=3, b=1) - Counter(a=1, b=2))
print(Counter(a=3, b=1) | Counter(a=1, b=2), Counter(a=3, b=1) & Counter(a=1, b=2))
print(+Counter(a=1, b=-2), -Counter(a=1, b=-2), Counter(), Counter({"x": 2}))
print(Counter([1, 2, 2, 3, 3, 3]).total(), Counter("aab") == Counter("aba"))
del c["a"]
del c["nonexistent"]
print(c, Counter(a=1) <= Counter(a=2), Counter(a=1) < Counter(a=1))
cc = Counter(a=2)
cc += Counter(a=-3, b=1)
print(cc)
try:
    Counter.fromkeys("ab")
except NotImplementedError as e:
    print("NotImplementedError:", e)
print(sum(Counter("hello world").values()), Counter("hello").most_common(1)[0])

# deque
q = deque([1, 2, 3])
q.append(4)
q.appendleft(0)
print(q, len(q), q[0], q[-1], 2 in q)
print(q.pop(), q.popleft(), q)
q.extend([7, 8])
q.extendleft([-1, -2])
print(q)
q.rotate(2)
print(q)
q.rotate(-3)
print(q, list(reversed(q)), q.count(7), q.index(7))
b = deque(range(5), maxlen=3)
print(b, b.maxlen)
b.append(10)
print(b)
b.appendleft(-1)
print(b, deque().maxlen, deque(maxlen=0))
try:
    deque().pop()
except IndexError as e:
    print("IndexError:", e)
try:
    deque().popleft()
except IndexError as e:
    print("IndexError:", e)
try:
    deque([1])[5]
except IndexError as e:
    print("IndexError:", e)
q[0] = 100
del q[1]
q.remove(8)
print(q, q == deque(q), q != deque(), deque([1, 2]) + deque([3]), deque([1]) * 3)
q.reverse()
print(q, bool(deque()), list(deque("abc")))
q.clear()
print(q, repr(deque([], maxlen=2)), type(q))
window = deque(maxlen=2)
for i in range(5):
    window.append(i)
    print(list(window), end=" ")
print()
print(collections.Counter is Counter, collections.deque is deque)
rd = deque()
rd.append(rd)
print(rd)
ro = OrderedDict()
ro["x"] = ro
print(ro)
rdd = defaultdict(list)
rdd["x"] = rdd
print(rdd)
rd.clear()
ro.clear()
rdd.clear()
from collections import deque
d = deque()
ref = []
ops = 0
x = 12345
for i in range(4000):
    x = (x * 1103515245 + 12345) % 2147483648
    op = x % 7
    if op == 0: d.append(i); ref.append(i)
    elif op == 1: d.appendleft(i); ref.insert(0, i)
    elif op == 2 and ref: assert d.pop() == ref.pop()
    elif op == 3 and ref: assert d.popleft() == ref.pop(0)
    elif op == 4 and ref: assert d[x % len(ref)] == ref[x % len(ref)]; assert d[-1] == ref[-1]
    elif op == 5: d.rotate(x % 5 - 2); k = (x % 5 - 2) % len(ref) if ref else 0; ref[:] = ref[-k:] + ref[:-k] if k else ref
    elif op == 6 and ref: d[0] = -i; ref[0] = -i
    assert len(d) == len(ref), i
    if i % 997 == 0: assert list(d) == ref
print(list(d) == ref, len(d))
m = deque(maxlen=5)
for i in range(50):
    if i % 3: m.appendleft(i)
    else: m.append(i)
print(m)
