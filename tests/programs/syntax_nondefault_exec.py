# "non-default argument follows default argument" from exec(): message and location.
cases = [
    "def f(a=1, b): pass",
    "lambda a=1, b: 0",
    "def f(a, b=1, /, c): pass",
    "def f(a=1, bb: int, c): pass",
    "x = lambda p, q=2, r, s=4: 0",
    "class C:\n    def m(self, x=[],\n          y): pass",
    "def ok(a=1, *, b): pass",
    "def ok(a=1, *args, b, c=2, d): pass",
]
for src in cases:
    try:
        exec(src)
        print("ok", repr(src))
    except SyntaxError as e:
        print(type(e).__name__, e.msg, (e.lineno, e.offset, e.end_lineno, e.end_offset),
              repr(e.text), e.filename)
