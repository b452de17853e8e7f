"""Reports: the dashboard's figures and the ledgers (台账), as plain data and xlsx bytes.

Pure: the queries that feed it live in workflow.services (reports, ledgers, exports); this
package shapes rows and figures and writes spreadsheets, and never sees a session or a request.
"""
