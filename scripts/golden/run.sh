#!/usr/bin/env bash
# Runs every command on every real file in ../shared/data/real (and the demo), writing each run's
# outputs to OUT/<case>/. Used to check that a restructuring keeps every number the same:
#   scripts/golden/run.sh /tmp/before cli/target/causalem.jar   (old build)
#   scripts/golden/run.sh /tmp/after  cli/target/causalem.jar   (new build)
#   python3 scripts/golden/compare.py /tmp/before /tmp/after
# CASES=regex runs only the matching cases (e.g. CASES='atoms|eels').
# Exit codes are recorded in OUT/<case>/exit (a refused file is a golden result too).
set -u
out=${1:?usage: run.sh OUTDIR [JAR]}
jar=${2:-cli/target/causalem.jar}
here=$(cd "$(dirname "$0")" && pwd)
real=${CAUSALEM_REAL:-$here/../../../shared/data/real}
mkdir -p "$out"
cases=${CASES:-.}   # a regex: only the cases whose name matches it run
run() {
  local name=$1; shift
  [[ $name =~ $cases ]] || return 0
  local d="$out/$name"
  rm -rf "$d"; mkdir -p "$d"
  local t0=$(date +%s.%N)
  java -Xmx6g -jar "$jar" "$@" --out "$d/o" --quiet > "$d/stdout" 2> "$d/stderr"
  echo $? > "$d/exit"
  printf '%-28s exit %s  %.1f s\n' "$name" "$(cat "$d/exit")" "$(echo "$(date +%s.%N) - $t0" | bc)"
}
info() {
  local name=$1; shift
  [[ $name =~ $cases ]] || return 0
  local d="$out/$name"; rm -rf "$d"; mkdir -p "$d"
  java -jar "$jar" info --json "$@" > "$d/info.json" 2> "$d/stderr"; echo $? > "$d/exit"
  printf '%-28s exit %s\n' "$name" "$(cat "$d/exit")"
}
for f in "$real"/*; do
  b=$(basename "$f")
  [ "$b" = MANIFEST.md ] && continue
  if [ -d "$f" ]; then for g in "$f"/*.mib; do info "info-$(basename "$g")" "$g"; done; else info "info-$b" "$f"; fi
done
run demo demo --seed 7
run atoms-STO atoms "$real/STO_HAADF_noisy.emd" --lattice-constant 3.905A
run atoms-Survey atoms "$real/SI-Survey_Image.dm3"
run atoms-ABF atoms "$real/test_ABF_cropped.hdf5" --contrast dark
run local-STO local "$real/STO_HAADF_noisy.emd"
run local-Survey local "$real/SI-Survey_Image.dm3"
run local-ABF local "$real/test_ABF_cropped.hdf5" --contrast dark
run ferroic-STO ferroic "$real/STO_HAADF_noisy.emd" --lattice-constant 3.905A
for e in 08_carbon.dm3 EELS_STO.dm3 EELS_STO.dm4 SI-EELS_Spectrum_Image.dm3 digitalmicrograph_1D_test-EELS_spectrum.dm3 \
         digitalmicrograph_3D_EELS_SI.dm4 tia_old_X_-_Au_NP_EELS_2.ser velox_EELS_EDS.emd EMDReader_SpectrumImage_Si.emd; do
  run "eels-$e" eels "$real/$e"
done
run fourd-Si100 fourd "$real/emd_Si100_4D.emd" --com
run fourd-mib1 fourd "$real/merlin_navigation4x2_ROI/001_4x2_6bit.mib"
run fourd-mib2 fourd "$real/merlin_navigation4x2_ROI/002_4x2_6bit_roi128.mib"
cells="$out/atoms-STO/o/cells.csv"
causal=$real/../causal
run discover-lingam6-pc discover "$causal/lingam_6vars.csv" --test fisher-z --bootstrap 20 --seed 3
run discover-lingam6-lingam discover "$causal/lingam_6vars.csv" --method lingam --seed 3
run discover-lingam6-ges discover "$causal/lingam_6vars.csv" --method ges --score bic --seed 3
run discover-tuebingen1 discover "$causal/tuebingen_pair0001.txt" --method pairwise --seed 3
if [ -f "$cells" ]; then
  run discover-STO discover "$cells" --columns intensity_A,intensity_B,a_px,b_px,polarization_x_px --test fisher-z --seed 3
  run gp-STO gp "$cells" --target a_px --inputs intensity_A,intensity_B --subsample 300 --seed 3
  printf 'm0: a_px ~ 1\nm1: a_px ~ intensity_A\nm2: a_px ~ intensity_A + intensity_B\n' > "$out/models.txt"
  run bayes-STO bayes "$cells" --target a_px --models "$out/models.txt"
fi
awk 'BEGIN{print "t,x,y"; x=1; y=0; dt=0.01; for(i=0;i<2000;i++){print i*dt "," x "," y; nx=x+dt*(-0.1*x+2*y); ny=y+dt*(-2*x-0.1*y); x=nx; y=ny}}' > "$out/series.csv"
run laws-oscillator laws "$out/series.csv" --time t --state x,y --seed 3
