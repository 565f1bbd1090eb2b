#!/usr/bin/env bash
# Rebuilds the sample teams. Needs the public data sets in ../shared/datasets (a developer's
# machine); roving itself never reads them: the converted files here are what it ships.
set -euo pipefail
cd "$(dirname "$0")/.."
D=${DATASETS:-../shared/datasets}
roving() { cargo run --quiet --release -- "$@"; }
tmp=$(mktemp -d)
# The sources name the title column after what it holds: a level label (Krackhardt), a status (Lazega).
sed '1s/level_label/title/' "$D/krackhardt_hightech/people.csv" > "$tmp/krackhardt_people.csv"
sed '1s/,status,/,title,/' "$D/lazega_lawfirm/people.csv" > "$tmp/lazega_people.csv"

roving convert --people "$tmp/krackhardt_people.csv" --advice "$D/krackhardt_hightech/advice.csv" \
  --relation "friendship=$D/krackhardt_hightech/friendship.csv" \
  --name "Krackhardt high-tech managers" -o sample_teams/krackhardt.ron --header \
"Krackhardt (1987), \"Cognitive social structures\", Social Networks 9(2):109-134: the 21 managers
of a West Coast high-tech machinery firm. Advice: \"to whom do you go for advice?\" (seeker -> adviser,
self-reports, 190 ties); friendship (102 ties); reports-to from company documents.
Source: CRAN package NetData 0.3 (kracknets.rda, GPL-2), cross-checked cell for cell with xUCINET's
Krackhardt_HighTech. Names are the labels A01-A21; departments are coded 1-4 as in the source (the CEO 0).
Title is the source's level label. Made by sample_teams/regenerate.sh."

roving convert --people "$tmp/lazega_people.csv" --advice "$D/lazega_lawfirm/advice.csv" \
  --relation "friendship=$D/lazega_lawfirm/friendship.csv" --relation "cowork=$D/lazega_lawfirm/cowork.csv" \
  --name "Lazega law firm (SG&R)" -o sample_teams/lazega.ron --header \
"Lazega (2001), The Collegial Phenomenon (Oxford UP): 71 lawyers of a US corporate law partnership,
1988-91. Advice: \"to whom did you go for basic professional advice?\" (seeker -> adviser, 892 ties),
friendship (575) and co-work (1,104 directed nominations). A partnership has no reporting lines, so
nobody has a manager and the Nayar count equals in-degree. Department is the practice (litigation or
corporate); title is the status (partner or associate); office, gender, age and more are attributes.
Source: bavla/Rnet Lazega-Law-Firm.paj (Batagelj, from the Siena data of T. Snijders), cross-checked
cell for cell with xUCINET's Lazega_Lawyers. Names are the labels L01-L71. Cite Lazega (2001).
Made by sample_teams/regenerate.sh."

roving generate --people 40 --seed 3 --name "Acme Robotics (synthetic)" -o sample_teams/acme.ron
roving generate --people 400 --seed 7 -o sample_teams/northwind.ron
rm -r "$tmp"
