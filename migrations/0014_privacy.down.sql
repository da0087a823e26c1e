DROP TABLE dpia_risks, dpia_processes, dpias;
