//! A micro-benchmark of what formatting allocates, with an allocator that counts per thread.
//!
//! The `String`-returning functions make one allocation, exactly the size of the result;
//! the `write_*` forms make none beyond the caller's buffer. Run with `--nocapture` (and
//! `--release`) to see the time per call as well.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::hint::black_box;
use std::sync::Arc;
use std::time::Instant;

use gotemplate::fmt::{print_value, sprint, sprintf, write_sprintf, write_value};
use gotemplate::Value;

struct Counting;

thread_local! {
    static ALLOCS: Cell<usize> = const { Cell::new(0) };
    static BYTES: Cell<usize> = const { Cell::new(0) };
}

fn count(bytes: usize) {
    let _ = ALLOCS.try_with(|a| a.set(a.get() + 1));
    let _ = BYTES.try_with(|b| b.set(b.get() + bytes));
}

// SAFETY: every call is passed to the system allocator unchanged; counting touches only
// const-initialised thread-locals, which never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

/// The allocations and bytes `f` makes on this thread, and what it returns.
fn measure<T>(f: impl FnOnce() -> T) -> (usize, usize, T) {
    let (a0, b0) = (ALLOCS.with(Cell::get), BYTES.with(Cell::get));
    let out = f();
    let (a1, b1) = (ALLOCS.with(Cell::get), BYTES.with(Cell::get));
    (a1 - a0, b1 - b0, out)
}

fn time_per_call(name: &str, mut f: impl FnMut()) {
    const N: u32 = 20_000;
    let start = Instant::now();
    for _ in 0..N {
        f();
    }
    eprintln!("{name}: {:?} a call", start.elapsed() / N);
}

#[test]
fn formatting_allocates_only_the_output() {
    let args = [
        Value::String("hello".into()),
        Value::Int(42),
        Value::Float(1.23456),
    ];
    let title = Value::String("Reading Go's text/template, part 3: the executor".into());
    // The first call on a thread makes the thread's scratch buffer; later ones reuse it.
    sprintf("", &[]);

    let (allocs, bytes, out) = measure(|| sprintf("%s %d %.2f", &args));
    assert_eq!(out, "hello 42 1.23");
    assert_eq!((allocs, bytes), (1, out.len()));

    let (allocs, bytes, out) = measure(|| print_value(&title));
    assert_eq!((allocs, bytes), (1, out.len()));

    let list = Value::List(Arc::new(vec![
        Value::Float(1e6),
        Value::Int(-3),
        title.clone(),
    ]));
    let (allocs, bytes, out) = measure(|| sprint(&[list.clone(), Value::Nil]));
    assert_eq!(
        out,
        "[1e+06 -3 Reading Go's text/template, part 3: the executor] <nil>"
    );
    assert_eq!((allocs, bytes), (1, out.len()));

    // Into a buffer with room: nothing at all, whatever the verbs.
    let mut buf = String::with_capacity(1024);
    let many = [
        Value::String("hello".into()),
        Value::Int(42),
        Value::Float(1.23456),
        list.clone(),
        title.clone(),
        Value::Uint(255),
        Value::Float(-1234.5678),
        Value::Float(f64::from_bits(0x430a52228058f2aa)), /* 926082191269461.25 */
        Value::Int(0x1F600),
        Value::Bool(true),
        Value::Int(-4),
        Value::Int(7),
    ];
    let (allocs, _, ()) = measure(|| {
        write_sprintf(&mut buf, "%s %d %.2f %v %q %#x %-8.3e %g %U %t %*d", &many);
        write_value(&mut buf, &Value::Float(1.5e-7));
    });
    assert_eq!(allocs, 0);
    assert_eq!(
        buf,
        "hello 42 1.23 [1e+06 -3 Reading Go's text/template, part 3: the executor] \
         \"Reading Go's text/template, part 3: the executor\" 0xff -1.235e+03 \
         9.260821912694612e+14 U+1F600 true 7   1.5e-07"
    );

    time_per_call("sprintf(\"%s %d %.2f\")", || {
        black_box(sprintf(black_box("%s %d %.2f"), black_box(&args)));
    });
    time_per_call("print_value(string)", || {
        black_box(print_value(black_box(&title)));
    });
    time_per_call("print_value(float)", || {
        black_box(print_value(black_box(&Value::Float(0.1))));
    });
}
