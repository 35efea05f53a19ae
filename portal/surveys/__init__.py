"""The anonymous staff well-being survey, its results, and the action plan built from them.

The employer (or one of its champions) opens a survey for a period and shares a
link, a QR code or a poster; staff answer without an account; the employer reads
the results once enough people have answered and, with their adviser, builds a
workplace health action plan whose actions link to what the catalogue offers.

Anonymity is designed into the tables: a response keeps the day it was given and
its answers, nothing else; free-text answers are kept apart from the scores; the
"one response per browser" mark is a hash of a random cookie, not tied to the
response it allowed.
"""
