"""The state changes: each public function is one transaction that writes one audit event and
returns plain frozen data (issue, check-in, call, recall, no-show, finish, transfer, pause...)."""
