import sys
print("before exit")
def f():
    try:
        sys.exit(3)
    finally:
        print("finally runs")
f()
print("not reached")
