;; Forest prediction kernel (see predict-wasm.ts for the memory layout).
;; nodes: 16 bytes per node: i32 feature (-1 = leaf), i32 left child, f64 threshold;
;; a row goes to left + 1 when x[feature] > threshold, else to left (NaN goes left).
;; value: f32 class frequencies per node; offs: i32 root node of each tree;
;; x: f64 rows x nF; out: f64 rows x nC, accumulated (the caller divides by trees).
;; Rows are walked four at a time so the four dependent load chains overlap; a lane
;; that reached its leaf keeps its node (select), so the loop has no per-lane branch.
(module
  (memory (export "memory") 1)
  (func $acc (param $value i32) (param $nd i32) (param $nC i32) (param $oo i32)
    (local $vo i32) (local $c i32)
    (local.set $vo (i32.add (local.get $value) (i32.shl (i32.mul (local.get $nd) (local.get $nC)) (i32.const 2))))
    (local.set $c (i32.const 0))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $c) (local.get $nC)))
        (f64.store
          (i32.add (local.get $oo) (i32.shl (local.get $c) (i32.const 3)))
          (f64.add
            (f64.load (i32.add (local.get $oo) (i32.shl (local.get $c) (i32.const 3))))
            (f64.promote_f32 (f32.load (i32.add (local.get $vo) (i32.shl (local.get $c) (i32.const 2)))))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $next))))
  (func (export "predict")
    (param $nodes i32) (param $value i32) (param $offs i32) (param $trees i32)
    (param $x i32) (param $rows i32) (param $nF i32) (param $nC i32) (param $out i32)
    (local $r0 i32) (local $r1 i32) (local $t i32) (local $root i32) (local $r i32)
    (local $xo i32) (local $oo i32) (local $rowBytes i32) (local $outBytes i32)
    (local $xa i32) (local $na i32) (local $pa i32) (local $fa i32) (local $xb i32) (local $nb i32) (local $pb i32) (local $fb i32) (local $xc i32) (local $nc i32) (local $pc i32) (local $fc i32) (local $xd i32) (local $nd i32) (local $pd i32) (local $fd i32)
    (local.set $rowBytes (i32.shl (local.get $nF) (i32.const 3)))
    (local.set $outBytes (i32.shl (local.get $nC) (i32.const 3)))
    (local.set $r0 (i32.const 0))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $r0) (local.get $rows)))
        (local.set $r1 (i32.add (local.get $r0) (i32.const 256)))
        (if (i32.gt_u (local.get $r1) (local.get $rows)) (then (local.set $r1 (local.get $rows))))
        (local.set $t (i32.const 0))
        (block $treesDone
          (loop $treeLoop
            (br_if $treesDone (i32.ge_u (local.get $t) (local.get $trees)))
            (local.set $root (i32.load (i32.add (local.get $offs) (i32.shl (local.get $t) (i32.const 2)))))
            (local.set $r (local.get $r0))
            (local.set $xo (i32.add (local.get $x) (i32.mul (local.get $r0) (local.get $rowBytes))))
            (local.set $oo (i32.add (local.get $out) (i32.mul (local.get $r0) (local.get $outBytes))))
            (block $rowsDone
              (loop $rowLoop
                (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $r1)))
                ;; fewer than four rows left: lanes past the end repeat the last row
                ;; and are not accumulated
                (local.set $xa (i32.add (local.get $xo) (i32.mul (i32.const 0) (local.get $rowBytes))))
                (local.set $na (local.get $root))
                (local.set $pa (i32.add (local.get $nodes) (i32.shl (local.get $root) (i32.const 4))))
                (local.set $fa (i32.load (local.get $pa)))
                (local.set $xb (i32.add (local.get $xo) (i32.mul (i32.const 1) (local.get $rowBytes))))
                (local.set $nb (local.get $root))
                (local.set $pb (i32.add (local.get $nodes) (i32.shl (local.get $root) (i32.const 4))))
                (local.set $fb (i32.load (local.get $pb)))
                (local.set $xc (i32.add (local.get $xo) (i32.mul (i32.const 2) (local.get $rowBytes))))
                (local.set $nc (local.get $root))
                (local.set $pc (i32.add (local.get $nodes) (i32.shl (local.get $root) (i32.const 4))))
                (local.set $fc (i32.load (local.get $pc)))
                (local.set $xd (i32.add (local.get $xo) (i32.mul (i32.const 3) (local.get $rowBytes))))
                (local.set $nd (local.get $root))
                (local.set $pd (i32.add (local.get $nodes) (i32.shl (local.get $root) (i32.const 4))))
                (local.set $fd (i32.load (local.get $pd)))
                (block $leaves
                  (loop $walk
                    (br_if $leaves (i32.lt_s (i32.and (i32.and (local.get $fa) (local.get $fb)) (i32.and (local.get $fc) (local.get $fd))) (i32.const 0)))
                    (local.set $na
                      (select
                        (i32.add
                          (i32.load offset=4 (local.get $pa))
                          (f64.gt
                            (f64.load (i32.add (local.get $xa) (i32.shl (local.get $fa) (i32.const 3))))
                            (f64.load offset=8 (local.get $pa))))
                        (local.get $na)
                        (i32.ge_s (local.get $fa) (i32.const 0))))
                    (local.set $pa (i32.add (local.get $nodes) (i32.shl (local.get $na) (i32.const 4))))
                    (local.set $fa (i32.load (local.get $pa)))
                    (local.set $nb
                      (select
                        (i32.add
                          (i32.load offset=4 (local.get $pb))
                          (f64.gt
                            (f64.load (i32.add (local.get $xb) (i32.shl (local.get $fb) (i32.const 3))))
                            (f64.load offset=8 (local.get $pb))))
                        (local.get $nb)
                        (i32.ge_s (local.get $fb) (i32.const 0))))
                    (local.set $pb (i32.add (local.get $nodes) (i32.shl (local.get $nb) (i32.const 4))))
                    (local.set $fb (i32.load (local.get $pb)))
                    (local.set $nc
                      (select
                        (i32.add
                          (i32.load offset=4 (local.get $pc))
                          (f64.gt
                            (f64.load (i32.add (local.get $xc) (i32.shl (local.get $fc) (i32.const 3))))
                            (f64.load offset=8 (local.get $pc))))
                        (local.get $nc)
                        (i32.ge_s (local.get $fc) (i32.const 0))))
                    (local.set $pc (i32.add (local.get $nodes) (i32.shl (local.get $nc) (i32.const 4))))
                    (local.set $fc (i32.load (local.get $pc)))
                    (local.set $nd
                      (select
                        (i32.add
                          (i32.load offset=4 (local.get $pd))
                          (f64.gt
                            (f64.load (i32.add (local.get $xd) (i32.shl (local.get $fd) (i32.const 3))))
                            (f64.load offset=8 (local.get $pd))))
                        (local.get $nd)
                        (i32.ge_s (local.get $fd) (i32.const 0))))
                    (local.set $pd (i32.add (local.get $nodes) (i32.shl (local.get $nd) (i32.const 4))))
                    (local.set $fd (i32.load (local.get $pd)))
                    (br $walk)))
                (call $acc (local.get $value) (local.get $na) (local.get $nC) (local.get $oo))
                (if (i32.lt_u (i32.add (local.get $r) (i32.const 1)) (local.get $r1)) (then
                (call $acc (local.get $value) (local.get $nb) (local.get $nC)
                  (i32.add (local.get $oo) (i32.mul (i32.const 1) (local.get $outBytes))))))
                (if (i32.lt_u (i32.add (local.get $r) (i32.const 2)) (local.get $r1)) (then
                (call $acc (local.get $value) (local.get $nc) (local.get $nC)
                  (i32.add (local.get $oo) (i32.mul (i32.const 2) (local.get $outBytes))))))
                (if (i32.lt_u (i32.add (local.get $r) (i32.const 3)) (local.get $r1)) (then
                (call $acc (local.get $value) (local.get $nd) (local.get $nC)
                  (i32.add (local.get $oo) (i32.mul (i32.const 3) (local.get $outBytes))))))
                (local.set $r (i32.add (local.get $r) (i32.const 4)))
                (local.set $xo (i32.add (local.get $xo) (i32.shl (local.get $rowBytes) (i32.const 2))))
                (local.set $oo (i32.add (local.get $oo) (i32.shl (local.get $outBytes) (i32.const 2))))
                (br $rowLoop)))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $treeLoop)))
        (local.set $r0 (local.get $r1))
        (br $blocks)))))
