"""The staff engagement log, the organisation timeline and advisers' caseloads."""
