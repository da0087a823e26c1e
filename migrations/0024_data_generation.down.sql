DROP SEQUENCE data_generation;
