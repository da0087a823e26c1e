DROP TABLE status_imports;
