"""OParl 1.1 (https://oparl.org/spezifikation/) for what is public: the council as a Body, its terms, Ban / Tổ /
Thường trực, delegates and their memberships, published public sessions as Meetings with their agenda, draft and
adopted resolutions as Papers with their public documents as Files — and, in our own namespace, the resolution's
number and legal force, the votes and the attendance (docs/open-data.md “OParl 1.1”)."""
