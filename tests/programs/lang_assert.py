assert True
assert 1 == 1, "not shown"
try:
    assert 1 == 2
except AssertionError as e:
    print("plain", repr(e))
try:
    assert False, "with message"
except AssertionError as e:
    print("msg", e)
try:
    x = [1, 2]
    assert len(x) == 3, "len is %d" % len(x)
except AssertionError as e:
    print(e.args)
def check(v):
    assert v > 0, v
    return v
print(check(5))
try:
    check(-3)
except AssertionError as e:
    print("arg", e.args)
assert isinstance(3, int), "fails"
print("before fatal")
assert 2 + 2 == 5, "math is broken"
print("not reached")
