;; The hist booster's memory-bound loops, over one shared memory that the main thread and every
;; pool worker instantiate (see wasm-memory.ts for the layout). Pointers are byte offsets; row
;; indices are i32, bin codes u16, gradient pairs interleaved f32, histogram cells f64 pairs
;; indexed by global bin code. `scripts/build-wasm.ts` assembles this file into kernels-binary.ts.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; Adds the gradient pair of every row rowIndex[start..end) to the cells of its sparse codes
  ;; (entries[rowStart[row]..rowStart[row+1])) in `hist`, in row order, and adds the rows'
  ;; gradient and hessian sums to the two f64 at `totals`.
  (func (export "buildHistogram")
    (param $rowStart i32) (param $entries i32) (param $gradPairs i32) (param $rowIndex i32)
    (param $hist i32) (param $start i32) (param $end i32) (param $totals i32)
    (local $at i32) (local $stop i32) (local $row i32) (local $pair i32)
    (local $g f64) (local $h f64) (local $sumG f64) (local $sumH f64)
    (local $entry i32) (local $lastEntry i32) (local $cell i32)
    (local.set $at (i32.add (local.get $rowIndex) (i32.shl (local.get $start) (i32.const 2))))
    (local.set $stop (i32.add (local.get $rowIndex) (i32.shl (local.get $end) (i32.const 2))))
    (local.set $sumG (f64.load (local.get $totals)))
    (local.set $sumH (f64.load offset=8 (local.get $totals)))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $at) (local.get $stop)))
        (local.set $row (i32.load (local.get $at)))
        (local.set $pair (i32.add (local.get $gradPairs) (i32.shl (local.get $row) (i32.const 3))))
        (local.set $g (f64.promote_f32 (f32.load (local.get $pair))))
        (local.set $h (f64.promote_f32 (f32.load offset=4 (local.get $pair))))
        (local.set $sumG (f64.add (local.get $sumG) (local.get $g)))
        (local.set $sumH (f64.add (local.get $sumH) (local.get $h)))
        (local.set $pair (i32.add (local.get $rowStart) (i32.shl (local.get $row) (i32.const 2))))
        (local.set $entry (i32.add (local.get $entries) (i32.shl (i32.load (local.get $pair)) (i32.const 1))))
        (local.set $lastEntry (i32.add (local.get $entries) (i32.shl (i32.load offset=4 (local.get $pair)) (i32.const 1))))
        (block $entriesDone
          (loop $cells
            (br_if $entriesDone (i32.ge_u (local.get $entry) (local.get $lastEntry)))
            (local.set $cell (i32.add (local.get $hist) (i32.shl (i32.load16_u (local.get $entry)) (i32.const 4))))
            (f64.store (local.get $cell) (f64.add (f64.load (local.get $cell)) (local.get $g)))
            (f64.store offset=8 (local.get $cell) (f64.add (f64.load offset=8 (local.get $cell)) (local.get $h)))
            (local.set $entry (i32.add (local.get $entry) (i32.const 2)))
            (br $cells)))
        (local.set $at (i32.add (local.get $at) (i32.const 4)))
        (br $rows)))
    (f64.store (local.get $totals) (local.get $sumG))
    (f64.store offset=8 (local.get $totals) (local.get $sumH)))

;; Writes the rows of rowIndex[start..end): those whose code in `column` (u16 per row) is
  ;; <= threshold or == missingLeft (-1: never) to leftOut forward from `start`, the others to
  ;; rightOut from rightStart, moving by rightStep (1 or -1). Branch-free, since the side a row
  ;; takes is unpredictable: each row is written at both cursors and only the matching one moves
  ;; (callers make sure the other write lands where nothing final is stored yet). Returns the
  ;; left count.
  (func $split (export "splitRows")
    (param $column i32) (param $rowIndex i32) (param $leftOut i32) (param $rightOut i32) (param $start i32) (param $end i32)
    (param $threshold i32) (param $missingLeft i32) (param $rightStart i32) (param $rightStep i32)
    (result i32)
    (local $i i32) (local $row i32) (local $code i32) (local $isLeft i32) (local $left i32) (local $right i32)
    (local.set $i (local.get $start))
    (local.set $left (local.get $start))
    (local.set $right (local.get $rightStart))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $row (i32.load (i32.add (local.get $rowIndex) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $code (i32.load16_u (i32.add (local.get $column) (i32.shl (local.get $row) (i32.const 1)))))
        (local.set $isLeft (i32.or (i32.le_u (local.get $code) (local.get $threshold)) (i32.eq (local.get $code) (local.get $missingLeft))))
        (i32.store (i32.add (local.get $leftOut) (i32.shl (local.get $left) (i32.const 2))) (local.get $row))
        (i32.store (i32.add (local.get $rightOut) (i32.shl (local.get $right) (i32.const 2))) (local.get $row))
        (local.set $left (i32.add (local.get $left) (local.get $isLeft)))
        (local.set $right (i32.add (local.get $right) (i32.mul (local.get $rightStep) (i32.sub (i32.const 1) (local.get $isLeft)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))
    (i32.sub (local.get $left) (local.get $start)))

  ;; Stable partition of rowIndex[start..end) in place: lefts first, then rights, each in row
  ;; order. Lefts are written over rows already read; rights collect in scratch[start..] and are
  ;; copied back after them. Returns the left count.
  (func (export "partitionRows")
    (param $column i32) (param $rowIndex i32) (param $scratch i32) (param $start i32) (param $end i32)
    (param $threshold i32) (param $missingLeft i32)
    (result i32)
    (local $leftCount i32)
    (local.set $leftCount
      (call $split (local.get $column) (local.get $rowIndex) (local.get $rowIndex) (local.get $scratch) (local.get $start) (local.get $end)
        (local.get $threshold) (local.get $missingLeft) (local.get $start) (i32.const 1)))
    (memory.copy
      (i32.add (local.get $rowIndex) (i32.shl (i32.add (local.get $start) (local.get $leftCount)) (i32.const 2)))
      (i32.add (local.get $scratch) (i32.shl (local.get $start) (i32.const 2)))
      (i32.shl (i32.sub (i32.sub (local.get $end) (local.get $start)) (local.get $leftCount)) (i32.const 2)))
    (local.get $leftCount))
)
