# Included by diagnose variants after _lib/page.sh: look at the graphs for a while first, so
# that the evidence picked "now" shows the incident well.
sleep 45
