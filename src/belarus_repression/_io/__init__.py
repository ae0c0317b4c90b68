"""Reading and writing datasets: the JSON document and CSV tables with a data package."""
