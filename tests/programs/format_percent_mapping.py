# '%' formatting takes anything subscriptable but a tuple or str as its mapping.
from collections import defaultdict, UserDict
print("abc" % [1], "%(a)s" % defaultdict(int), "%(a)s-%(b)s" % UserDict(a=1, b=2), "x" % {})
for f, a in (("%s %s", [1]), ("%(a)s", [1]), ("%d", "x"), ("%s", ()), ("%(k)s", {}), ("a", 1), ("%s", (1, 2))):
    try: print(f % a)
    except Exception as e: print(type(e).__name__, e)
