class D:
    def __init__(self, n):
        self.n = n
    def __del__(self):
        print("del", self.n)
def fail():
    d = D("frame-local")
    raise ValueError("x")
try:
    fail()
except ValueError:
    print("in handler")
print("after handler")
try:
    raise KeyError(D("in-args"))
except KeyError as e:
    print("handler with e")
print("after e handler")
saved = None
try:
    fail()
except ValueError as e:
    saved = e
print("saved exception keeps frame")
saved = None
print("released")
def cleanup():
    d = D("cleanup-local")
    try:
        return 1
    finally:
        print("finally")
print(cleanup())
print("end")
