# call_frames: many calls and deep-ish recursion.
# Every call pushes a frame and pops it, creating and releasing locals.


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def depth_sum(n):
    if n == 0:
        return 0
    return n + depth_sum(n - 1)


def add3(a, b, c):
    return a + b + c


def main():
    checksum = 0
    for k in range(8):
        checksum += fib(25)
    for i in range(6000):
        checksum += depth_sum(500)
    total = 0
    for i in range(2000000):
        total = add3(total, i, 1) % 1000003
    checksum += total
    print("call_frames checksum", checksum)


main()
