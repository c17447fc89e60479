class A:
    x = 1
print(type(A.__dict__).__name__)
try:
    A.__dict__['x'] = 2
except TypeError as e:
    print("TypeError", e)
print(A.x, A.__dict__['x'], 'x' in A.__dict__, sorted(k for k in A.__dict__ if not k.startswith('__')))
import sys
d = A.__dict__
print(sys.getsizeof(d), len(d) == len(dict(d)), d.get('x'), d.get('nope', 0), 'x' in d.keys(), d['x'])
A.y = 5
print(d['y'], d == dict(d), type(d.copy()).__name__, sorted(d.items())[-1] if False else d.items().__class__.__name__)
class B:
    pass
print(repr(B.__dict__)[:26], list(B.__dict__)[:2])
print(type(int.__dict__).__name__, int.__dict__['bit_length'])
try:
    del A.__dict__['x']
except TypeError as e:
    print("TypeError", e)
for src in ['del t[0]', 'del t["a"]', 'del s[0]', 'del n[0]', 'del f[0]', 'del b[0]', 'del r[0]', 'del t[0:1]', 'n[0] = 1', 't[0] = 1', 't["a"] = 1', 'del m["x"]', 'del m[0]', 'm["x"] = 1']:
    t=(1,); s='abc'; n=5; f=frozenset(); b=b'x'; r=range(3)
    class A: x = 1
    m = A.__dict__
    try: exec(src)
    except TypeError as e: print(src, '->', e)
